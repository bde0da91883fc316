package bot

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/settings"
	"github.com/lkbot/lkbot/media"
	"github.com/lkbot/lkbot/media/file"
	"github.com/lkbot/lkbot/media/impair"
	"github.com/lkbot/lkbot/processors/segmentation"
)

// Settings describes every field of Config once. The CLI's flags (the key
// with dashes), the YAML keys, DefaultConfig and Validate all come from it.
func Settings() settings.Table[Config] {
	type C = Config
	return settings.Table[Config]{
		{Key: "url", Env: "LIVEKIT_URL", Usage: "LiveKit server URL: ws://, wss://, http:// or https://",
			Field: func(c *C) any { return &c.URL }, Check: func(c *C) error { return checkURL(c.URL) }},
		{Key: "api_key", Env: "LIVEKIT_API_KEY", Usage: "API key, to mint a token",
			Field: func(c *C) any { return &c.APIKey }},
		{Key: "api_secret", Env: "LIVEKIT_API_SECRET", Usage: "API secret, to mint a token", Secret: true,
			Field: func(c *C) any { return &c.APISecret }},
		{Key: "token", Env: "LIVEKIT_TOKEN", Usage: "an access token, instead of key and secret", Secret: true,
			Field: func(c *C) any { return &c.Token }},
		{Key: "token_ttl", Usage: "lifetime of a minted token (at most 24h)", Default: admin.DefaultTokenTTL,
			Field: func(c *C) any { return &c.TokenTTL }, Check: checkTokenTTL},
		{Key: "room", Usage: "room to join (required with key and secret; optional with a token)",
			Field: func(c *C) any { return &c.Room }},
		{Key: "identity", Usage: "participant identity (default lkbot-<random>)",
			Field: func(c *C) any { return &c.Identity }},
		{Key: "name", Usage: "display name", Field: func(c *C) any { return &c.Name }},
		{Key: "metadata", Usage: "participant metadata", Field: func(c *C) any { return &c.Metadata }},
		{Key: "attributes", Flag: "attribute", Arg: "k=v", Usage: "participant attribute (repeatable)",
			Field: func(c *C) any { return &c.Attributes }, Check: checkAttributes},
		{Key: "camera", Arg: "SPEC", Usage: "camera source: synthetic, none, device[:ID] (a V4L2 camera), file:PATH (y4m, PNG, JPEG, IVF, H.264)", Default: "synthetic",
			Field: func(c *C) any { return &c.Camera }, Check: func(c *C) error { return checkSpec(c.Camera, true, c.VideoCodec) }},
		{Key: "mic", Arg: "SPEC", Usage: "microphone source: synthetic, none, device[:NAME] (a PulseAudio or ALSA capture device), file:PATH (WAV, Ogg/Opus)", Default: "synthetic",
			Field: func(c *C) any { return &c.Mic }, Check: func(c *C) error { return checkSpec(c.Mic, false, "") }},
		{Key: "screen", Arg: "SPEC", Usage: "screen share source: none, synthetic, device[:N] (an X11 screen), file:PATH", Default: "none",
			Field: func(c *C) any { return &c.Screen }, Check: func(c *C) error { return checkSpec(c.Screen, true, c.VideoCodec) }},
		{Key: "screen_audio", Arg: "SPEC", Usage: "screen share audio source: none, synthetic, device[:NAME] (e.g. a PulseAudio sink's monitor), file:PATH", Default: "none",
			Field: func(c *C) any { return &c.ScreenAudio }, Check: func(c *C) error { return checkSpec(c.ScreenAudio, false, "") }},
		{Key: "screen_fps", Usage: "screen share frames per second, 1 to 60", Default: 15,
			Field: func(c *C) any { return &c.ScreenFPS }, Check: func(c *C) error { return inRange(c.ScreenFPS, 1, MaxFPS) }},
		{Key: "screen_resolution", Arg: "WxH", Usage: "scale the screen share down to fit this size, keeping its aspect (empty: the screen's own size)",
			Field: func(c *C) any { return &c.ScreenResolution }, Check: checkScreenResolution},
		{Key: "screen_simulcast", Usage: "publish the screen share with simulcast layers (off: one stream, sharp text)",
			Field: func(c *C) any { return &c.ScreenSimulcast }},
		{Key: "screen_bitrate", Usage: "screen share target in bits/s (0 picks one suited to text: about 0.1 bit per pixel per frame)",
			Field: func(c *C) any { return &c.ScreenBitrate }, Check: func(c *C) error { return checkBitrateValue(c.ScreenBitrate) }},
		{Key: "loop", Usage: "restart file sources at their end (off: unpublish the track when its file ends)", Default: true,
			Field: func(c *C) any { return &c.Loop }},
		{Key: "video_codec", Usage: "video codec: " + strings.Join(VideoCodecs(), ", "), Default: CodecVP8,
			Field: func(c *C) any { return &c.VideoCodec }, Check: checkVideoCodec},
		{Key: "resolution", Arg: "WxH", Usage: "camera size: even, 64x64 to 3840x2160", Default: "1280x720",
			Field: func(c *C) any { return &c.Resolution }, Check: func(c *C) error { _, _, err := ParseResolution(c.Resolution); return err }},
		{Key: "fps", Usage: "camera frames per second, 1 to 60", Default: 30,
			Field: func(c *C) any { return &c.FPS }, Check: func(c *C) error { return inRange(c.FPS, 1, MaxFPS) }},
		{Key: "video_bitrate", Usage: "top layer's target in bits/s (0 follows LiveKit's presets)",
			Field: func(c *C) any { return &c.VideoBitrate }, Check: checkBitrate},
		{Key: "simulcast", Usage: "publish full, half and quarter size layers (VP8, H.264; VP9 goes as one full-size stream)", Default: true,
			Field: func(c *C) any { return &c.Simulcast }},
		{Key: "start_muted", Usage: "publish tracks already muted", Field: func(c *C) any { return &c.StartMuted }},
		{Key: "blur", Arg: "RADIUS", Usage: "blur the camera's background with this radius, as LiveKit's BackgroundBlur (10 is typical, up to 100)",
			Field: func(c *C) any { return &c.Blur }, Check: checkBlur},
		{Key: "background", Arg: "IMAGE", Usage: "replace the camera's background with this JPEG or PNG (exclusive with blur)",
			Field: func(c *C) any { return &c.Background }, Check: checkBackground},
		{Key: "segmentation_model", Usage: "person segmentation model: " + strings.Join(segmentation.ModelNames(), " (faster) or "),
			Default: segmentation.DefaultCameraModel.String(),
			Field:   func(c *C) any { return &c.SegmentationModel },
			Check:   func(c *C) error { _, err := segmentation.ParseModelKind(c.SegmentationModel); return err }},
		{Key: "segmentation_stride", Arg: "N", Usage: "run person segmentation every Nth frame, 1 to 30", Default: 2,
			Field: func(c *C) any { return &c.SegmentationStride }, Check: func(c *C) error { return inRange(c.SegmentationStride, 1, MaxStride) }},
		{Key: "connect_timeout", Usage: "give up joining after this long", Default: DefaultConnectTimeout,
			Field: func(c *C) any { return &c.ConnectTimeout }, Check: func(c *C) error { return positive(c.ConnectTimeout) }},
		{Key: "rejoin", Usage: "never give up: when the session is lost for good, join again with backoff, restoring tracks, mutes, name, metadata and attributes",
			Field: func(c *C) any { return &c.Rejoin }},
		{Key: "rejoin_max_backoff", Usage: "longest wait between rejoin attempts (they start at 1 s and double, with jitter)", Default: DefaultRejoinMaxBackoff,
			Field: func(c *C) any { return &c.RejoinMaxBackoff }, Check: func(c *C) error { return atLeast(c.RejoinMaxBackoff, time.Second) }},
		{Key: "rejoin_after_removal", Usage: "with --rejoin, also rejoin after the server removed the bot or deleted the room",
			Field: func(c *C) any { return &c.RejoinAfterRemoval }},
		{Key: "duration", Usage: "leave after this long (0 waits for a signal)",
			Field: func(c *C) any { return &c.Duration }, Check: func(c *C) error { return notNegative(c.Duration) }},
		{Key: "stats_interval", Usage: "emit track_stats for received tracks this often (0 = never)",
			Field: func(c *C) any { return &c.StatsInterval }, Check: func(c *C) error { return notNegative(c.StatsInterval) }},
		{Key: "impair", Arg: "SPEC", Usage: "impair this bot's RTP in process, e.g. in:loss=10%,delay=80ms (keys loss, burst, delay, jitter, seed; in: or out: for one direction)",
			Field: func(c *C) any { return &c.Impair }, Check: func(c *C) error { _, err := impair.ParseSpec(c.Impair); return err }},
	}
}

// VideoCodecs lists the codecs a bot can publish.
func VideoCodecs() []string { return []string{CodecVP8, CodecH264, CodecVP9} }

func checkURL(s string) error {
	if s == "" {
		return fmt.Errorf("missing (set --url or LIVEKIT_URL, e.g. ws://127.0.0.1:7880)")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !slices.Contains([]string{"ws", "wss", "http", "https"}, u.Scheme) {
		return fmt.Errorf("%q is not a ws://, wss://, http:// or https:// URL", s)
	}
	return nil
}

// checkTokenTTL applies only when lkbot mints the token.
func checkTokenTTL(c *Config) error {
	if c.Token == "" && (c.TokenTTL <= 0 || c.TokenTTL > MaxTokenTTL) {
		return fmt.Errorf("%s is out of range (above 0, at most %s)", c.TokenTTL, MaxTokenTTL)
	}
	return nil
}

func checkAttributes(c *Config) error {
	if _, ok := c.Attributes[""]; ok {
		return fmt.Errorf("empty key")
	}
	return nil
}

// checkSpec parses a source SPEC. A file is opened and read now, so that
// a missing, broken or unfitting file is found before joining; a device
// is opened only when its track is published.
func checkSpec(s string, video bool, videoCodec string) error {
	spec, err := media.ParseSpec(s)
	if err != nil || spec.Kind != media.SourceFile {
		return err
	}
	return checkMediaFile(spec.Arg, video, videoCodec)
}

func checkVideoCodec(c *Config) error {
	if !slices.Contains(VideoCodecs(), c.VideoCodec) {
		return fmt.Errorf("unknown codec %q (want %s)", c.VideoCodec, strings.Join(VideoCodecs(), ", "))
	}
	return nil
}

func checkBlur(c *Config) error {
	if c.Blur < 0 || c.Blur > MaxBlur {
		return fmt.Errorf("%g is out of range (0 for off, up to %d)", c.Blur, MaxBlur)
	}
	if c.Blur > 0 && isNone(c.Camera) {
		return errNoCamera
	}
	if c.Blur > 0 {
		return checkRawCamera(c.Camera)
	}
	return nil
}

// checkRawCamera refuses an effect on a camera whose frames lkbot does
// not see: an encoded file is sent as it is.
func checkRawCamera(camera string) error {
	spec, err := media.ParseSpec(camera)
	if err != nil || spec.Kind != media.SourceFile {
		return nil
	}
	if format, err := file.Detect(spec.Arg); err == nil && format.Encoded() {
		return fmt.Errorf("camera file %q is %s, sent as it is without decoding, so no effect can change its frames (use a y4m, PNG or JPEG file, or drop the effect)", spec.Arg, format)
	}
	return nil
}

// errNoCamera refuses a camera processor when there is no camera to run it on.
var errNoCamera = errors.New("needs a camera, but camera is none (set --camera synthetic, or drop the effect)")

func checkBackground(c *Config) error {
	if c.Background == "" {
		return nil
	}
	if c.Blur > 0 {
		return fmt.Errorf("choose blur or background, not both")
	}
	if isNone(c.Camera) {
		return errNoCamera
	}
	if err := checkRawCamera(c.Camera); err != nil {
		return err
	}
	// Decode it now: a bad image is found before joining, not after.
	_, err := decodeImage(c.Background)
	return err
}

func inRange(v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%d is out of range (%d to %d)", v, lo, hi)
	}
	return nil
}

func checkBitrate(c *Config) error { return checkBitrateValue(c.VideoBitrate) }

func checkBitrateValue(bps int) error {
	if bps < 0 || bps > MaxBitrate {
		return fmt.Errorf("%d is out of range (0 for automatic, up to %d bps)", bps, MaxBitrate)
	}
	return nil
}

func checkScreenResolution(c *Config) error {
	if c.ScreenResolution == "" {
		return nil
	}
	_, _, err := ParseResolution(c.ScreenResolution)
	return err
}

func positive(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%s is not positive", d)
	}
	return nil
}

func notNegative(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%s is negative", d)
	}
	return nil
}

func atLeast(d, least time.Duration) error {
	if d < least {
		return fmt.Errorf("%s is under %s", d, least)
	}
	return nil
}
