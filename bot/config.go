package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/media/encode"
)

// Video codecs a bot can publish: the names media/encode defines.
const (
	CodecVP8  = encode.VP8
	CodecH264 = encode.H264
	CodecVP9  = encode.VP9
)

// Limits on what Validate accepts.
const (
	MaxFPS      = 60
	MaxWidth    = 3840
	MaxHeight   = 2160
	MinDim      = 64
	MaxTokenTTL = admin.MaxTokenTTL
	MaxBitrate  = 50_000_000
	MaxBlur     = 100
	MaxStride   = 30
)

// Config is everything one bot needs. Settings() describes each field once:
// its YAML key, flag, environment variable, default, check and help.
type Config struct {
	URL       string
	APIKey    string
	APISecret string
	Token     string
	TokenTTL  time.Duration

	Room       string
	Identity   string
	Name       string
	Metadata   string
	Attributes map[string]string

	Camera       string
	Mic          string
	VideoCodec   string
	Resolution   string
	FPS          int
	VideoBitrate int
	Simulcast    bool
	StartMuted   bool

	// Screen and ScreenAudio are the screen share's SPECs; none leaves
	// it off until a publish command asks for it.
	Screen           string
	ScreenAudio      string
	ScreenFPS        int
	ScreenResolution string
	ScreenSimulcast  bool
	ScreenBitrate    int

	// Loop restarts file sources at their end; without it a file's track
	// is unpublished when the file ends.
	Loop bool

	Blur               float64
	Background         string
	SegmentationModel  string
	SegmentationStride int

	// ConnectTimeout bounds joining: signalling, ICE and the first answer.
	ConnectTimeout time.Duration

	// Rejoin joins again, forever, when the session is lost for good;
	// see rejoin.go.
	Rejoin             bool
	RejoinMaxBackoff   time.Duration
	RejoinAfterRemoval bool

	Duration      time.Duration
	StatsInterval time.Duration

	// Impair is a network impairment for the bot's RTP, in
	// impair.ParseSpec's grammar; empty leaves it alone.
	Impair string

	// Hidden joins unseen by other participants, as a recorder does: a
	// minted token says hidden. It has no flag or YAML key; lkbot record
	// sets it.
	Hidden bool

	// DecodeVideo decodes received video and reads its burned-in stamps,
	// for ReceivedTrack.OnDecodedLatency: a load test sets it on a sample
	// of its subscribers. It has no flag or YAML key.
	DecodeVideo bool
}

// DefaultConnectTimeout is how long joining may take before lkbot gives up.
const DefaultConnectTimeout = 15 * time.Second

// DefaultRejoinMaxBackoff is the longest wait between rejoin attempts.
const DefaultRejoinMaxBackoff = 30 * time.Second

// DefaultConfig returns the defaults Settings() gives.
func DefaultConfig() Config {
	var c Config
	Settings().Defaults(&c)
	return c
}

// Validate checks every field and names the first one that is wrong.
func (c *Config) Validate() error {
	if err := Settings().Validate(c); err != nil {
		return err
	}
	return c.validateAuth()
}

func (c *Config) validateAuth() error {
	if c.Token != "" {
		return nil
	}
	if c.APIKey == "" || c.APISecret == "" {
		return fmt.Errorf("auth: give --token, or --api-key and --api-secret (or LIVEKIT_TOKEN, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)")
	}
	if c.Room == "" {
		return fmt.Errorf("room: missing (set --room)")
	}
	return nil
}

// ParseResolution parses WxH, such as 1280x720.
func ParseResolution(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(ws)
		if err == nil {
			h, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("%q is not WxH, as in 1280x720", s)
	}
	if w < MinDim || h < MinDim || w > MaxWidth || h > MaxHeight {
		return 0, 0, fmt.Errorf("%dx%d is out of range (%dx%d to %dx%d)", w, h, MinDim, MinDim, MaxWidth, MaxHeight)
	}
	if w%2 != 0 || h%2 != 0 {
		return 0, 0, fmt.Errorf("%dx%d: width and height must be even", w, h)
	}
	return w, h, nil
}

// Publishes reports whether the bot publishes any track.
func (c *Config) Publishes() bool {
	return !isNone(c.Camera) || !isNone(c.Mic) || !isNone(c.Screen) || !isNone(c.ScreenAudio)
}

func isNone(spec string) bool { return spec == "" || spec == "none" }
