package load

import (
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/settings"
)

func TestSettingsTable(t *testing.T) {
	if err := Settings().Check(); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	if c.Rooms != 1 || c.RoomPrefix != "load" || c.Ramp != 10 || c.Warmup != 10*time.Second || c.MaxJoinFailures != -1 {
		t.Fatalf("defaults %+v", c)
	}
	// The borrowed rows keep the bot's defaults, and the template bot
	// keeps the rest of bot.DefaultConfig.
	if want := bot.DefaultConfig(); c.Bot.VideoCodec != want.VideoCodec || c.Bot.FPS != want.FPS || c.Bot.SegmentationStride != want.SegmentationStride {
		t.Fatalf("template bot %+v, want bot.DefaultConfig's", c.Bot)
	}
}

// validConfig is a config that Validate accepts.
func validConfig() Config {
	c := DefaultConfig()
	c.Bot.URL, c.Bot.APIKey, c.Bot.APISecret = "ws://127.0.0.1:7880", "key", "secret-of-the-run"
	c.Subscribers = 1
	return c
}

func TestValidateNamesTheSetting(t *testing.T) {
	good := validConfig()
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		want string
		edit func(c *Config)
	}{
		{"url: missing", func(c *Config) { c.Bot.URL = "" }},
		{"auth: give --api-key and --api-secret", func(c *Config) { c.Bot.APISecret = "" }},
		{"rooms: 0 is out of range", func(c *Config) { c.Rooms = 0 }},
		{"room_prefix: \"a b\" is not", func(c *Config) { c.RoomPrefix = "a b" }},
		{"publishers: -1 is out of range", func(c *Config) { c.Publishers = -1 }},
		{"subscribers: no bots", func(c *Config) { c.Subscribers = 0 }},
		{"subscribers: 1000000000 bots in all is more than", func(c *Config) { c.Rooms, c.Subscribers = MaxRooms, MaxBotsPerRoom }},
		{"ramp: 0 is out of range", func(c *Config) { c.Ramp = 0 }},
		{"ramp: +Inf is out of range", func(c *Config) { c.Ramp = inf() }},
		{"duration: -1s is negative", func(c *Config) { c.Duration = -time.Second }},
		{"video_codec: unknown codec", func(c *Config) { c.Bot.VideoCodec = "av1" }},
		{"fps: 0 is out of range", func(c *Config) { c.Bot.FPS = 0 }},
		{"shard: \"3/3\": I must be below N", func(c *Config) { c.Shard = "3/3" }},
		{"max_join_failures: -2 is out of range", func(c *Config) { c.MaxJoinFailures = -2 }},
	} {
		c := validConfig()
		tt.edit(&c)
		err := c.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Validate = %v, want one line starting %q", err, tt.want)
		}
	}
}

func inf() float64 { var zero float64; return 1 / zero }

// TestNewRunnerChecksEveryRole: a media setting that only publishers use
// is still checked before any bot joins.
func TestNewRunnerChecksEveryRole(t *testing.T) {
	c := validConfig()
	c.Bot.Resolution = "65x65"
	if _, err := NewRunner(Params{Config: c}); err == nil || !strings.Contains(err.Error(), "resolution") {
		t.Fatalf("NewRunner = %v, want a resolution error", err)
	}
}

// FuzzDecodeConfig: any YAML either decodes and validates, or is refused
// with one line; nothing panics.
func FuzzDecodeConfig(f *testing.F) {
	f.Add([]byte("url: ws://127.0.0.1:7880\napi_key: k\napi_secret: s\nrooms: 3\nsubscribers: 2\nramp: 50\nshard: 1/2\n"))
	f.Add([]byte("ramp: .inf\n"))
	f.Add([]byte("shard: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := DefaultConfig()
		if err := settings.DecodeYAML(data, Settings().Fields(&c)); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		if err := c.Validate(); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error is not one line: %q", err)
		}
	})
}
