package bot

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lkbot/lkbot/media"
)

// Video codecs a bot can publish.
const (
	CodecVP8  = "vp8"
	CodecH264 = "h264"
	CodecVP9  = "vp9"
)

// Limits on what Validate accepts.
const (
	MaxFPS      = 60
	MaxWidth    = 3840
	MaxHeight   = 2160
	MinDim      = 64
	MaxTokenTTL = 24 * time.Hour
)

// Config is everything one bot needs. Its YAML keys are the CLI's flag names
// with underscores; flags override the file.
type Config struct {
	URL       string        `yaml:"url"`
	APIKey    string        `yaml:"api_key"`
	APISecret string        `yaml:"api_secret"`
	Token     string        `yaml:"token"`
	TokenTTL  time.Duration `yaml:"token_ttl"`

	Room       string            `yaml:"room"`
	Identity   string            `yaml:"identity"`
	Name       string            `yaml:"name"`
	Metadata   string            `yaml:"metadata"`
	Attributes map[string]string `yaml:"attributes"`

	Camera       string `yaml:"camera"`
	Mic          string `yaml:"mic"`
	VideoCodec   string `yaml:"video_codec"`
	Resolution   string `yaml:"resolution"`
	FPS          int    `yaml:"fps"`
	VideoBitrate int    `yaml:"video_bitrate"`
	Simulcast    bool   `yaml:"simulcast"`
	StartMuted   bool   `yaml:"start_muted"`

	Blur               float64 `yaml:"blur"`
	Background         string  `yaml:"background"`
	SegmentationModel  string  `yaml:"segmentation_model"`
	SegmentationStride int     `yaml:"segmentation_stride"`

	AllowCommandsFrom []string `yaml:"allow_commands_from"`
	HTTP              string   `yaml:"http"`
	HTTPToken         string   `yaml:"http_token"`
	Script            string   `yaml:"script"`

	Duration      time.Duration `yaml:"duration"`
	StatsInterval time.Duration `yaml:"stats_interval"`
	Events        string        `yaml:"events"`
	LogLevel      string        `yaml:"log_level"`
	LogFormat     string        `yaml:"log_format"`
}

// DefaultConfig returns the defaults the CLI documents.
func DefaultConfig() Config {
	return Config{
		TokenTTL:   time.Hour,
		Camera:     "synthetic",
		Mic:        "synthetic",
		VideoCodec: CodecVP8,
		Resolution: "1280x720",
		FPS:        30,
		Simulcast:  true,

		SegmentationModel:  "landscape",
		SegmentationStride: 2,
		LogLevel:           "info",
		LogFormat:          "console",
	}
}

// Validate checks every field and names the first one that is wrong.
func (c *Config) Validate() error {
	if c.URL == "" {
		return fmt.Errorf("url: missing (set --url or LIVEKIT_URL, e.g. ws://127.0.0.1:7880)")
	}
	if u, err := url.Parse(c.URL); err != nil || u.Host == "" || !validScheme(u.Scheme) {
		return fmt.Errorf("url: %q is not a ws://, wss://, http:// or https:// URL", c.URL)
	}
	if err := c.validateAuth(); err != nil {
		return err
	}
	for _, f := range []struct {
		name, spec string
	}{{"camera", c.Camera}, {"mic", c.Mic}} {
		spec, err := media.ParseSpec(f.spec)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		if err := spec.Supported(); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	switch c.VideoCodec {
	case CodecVP8, CodecH264, CodecVP9:
	default:
		return fmt.Errorf("video_codec: unknown codec %q (want vp8, h264 or vp9)", c.VideoCodec)
	}
	if _, _, err := ParseResolution(c.Resolution); err != nil {
		return fmt.Errorf("resolution: %w", err)
	}
	if c.FPS < 1 || c.FPS > MaxFPS {
		return fmt.Errorf("fps: %d is out of range (1 to %d)", c.FPS, MaxFPS)
	}
	if c.VideoBitrate < 0 || c.VideoBitrate > 50_000_000 {
		return fmt.Errorf("video_bitrate: %d is out of range (0 for automatic, up to 50000000 bps)", c.VideoBitrate)
	}
	if c.Blur < 0 || c.Blur > 100 {
		return fmt.Errorf("blur: %g is out of range (0 for off, up to 100)", c.Blur)
	}
	if c.Blur > 0 && c.Background != "" {
		return fmt.Errorf("blur and background: choose one")
	}
	if c.Background != "" {
		if _, err := os.Stat(c.Background); err != nil {
			return fmt.Errorf("background: %w", err)
		}
	}
	switch c.SegmentationModel {
	case "landscape", "general":
	default:
		return fmt.Errorf("segmentation_model: %q (want landscape or general)", c.SegmentationModel)
	}
	if c.SegmentationStride < 1 || c.SegmentationStride > 30 {
		return fmt.Errorf("segmentation_stride: %d is out of range (1 to 30)", c.SegmentationStride)
	}
	if c.Duration < 0 {
		return fmt.Errorf("duration: %s is negative", c.Duration)
	}
	if c.StatsInterval < 0 {
		return fmt.Errorf("stats_interval: %s is negative", c.StatsInterval)
	}
	if c.HTTP != "" {
		host, _, err := net.SplitHostPort(c.HTTP)
		if err != nil {
			return fmt.Errorf("http: %q is not host:port, as in 127.0.0.1:8080", c.HTTP)
		}
		if ip := net.ParseIP(host); c.HTTPToken == "" && host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("http: %s is not a loopback address; bind 127.0.0.1 or set --http-token", c.HTTP)
		}
	}
	for k := range c.Attributes {
		if k == "" {
			return fmt.Errorf("attribute: empty key")
		}
	}
	return nil
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
	if c.TokenTTL <= 0 || c.TokenTTL > MaxTokenTTL {
		return fmt.Errorf("token_ttl: %s is out of range (above 0, at most %s)", c.TokenTTL, MaxTokenTTL)
	}
	return nil
}

func validScheme(s string) bool {
	switch s {
	case "ws", "wss", "http", "https":
		return true
	}
	return false
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
	return !isNone(c.Camera) || !isNone(c.Mic)
}

func isNone(spec string) bool { return spec == "" || spec == "none" }
