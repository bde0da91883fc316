package bot

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func validConfig() Config {
	c := DefaultConfig()
	c.URL = "ws://127.0.0.1:7880"
	c.APIKey, c.APISecret, c.Room = "devkey", "secret", "r"
	return c
}

// testBackground is a JPEG a background can be.
const testBackground = "../processors/segmentation/testdata/lake.jpg"

// truncatedPNG writes a PNG whose header is right and whose data ends early.
func truncatedPNG(t *testing.T) string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 64, 64))); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.png")
	if err := os.WriteFile(p, buf.Bytes()[:buf.Len()/2], 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateNamesTheWrongField(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"ok", func(*Config) {}, ""},
		{"zero resolution", func(c *Config) { c.Resolution = "0x0" }, "resolution: 0x0 is out of range"},
		{"bad resolution", func(c *Config) { c.Resolution = "big" }, `resolution: "big" is not WxH`},
		{"odd resolution", func(c *Config) { c.Resolution = "641x360" }, "must be even"},
		{"fps 1000", func(c *Config) { c.FPS = 1000 }, "fps: 1000 is out of range"},
		{"fps 0", func(c *Config) { c.FPS = 0 }, "fps: 0 is out of range"},
		{"codec", func(c *Config) { c.VideoCodec = "av2" }, `video_codec: unknown codec "av2"`},
		{"camera spec", func(c *Config) { c.Camera = "webcam" }, `camera: unknown source "webcam"`},
		{"mic device is opened at publish", func(c *Config) { c.Mic = "device:hw0" }, ""},
		{"camera file missing", func(c *Config) { c.Camera = "file:/nonexistent/x.ivf" }, "no such file"},
		{"screen fps", func(c *Config) { c.ScreenFPS = 0 }, "screen_fps: 0 is out of range"},
		{"screen resolution", func(c *Config) { c.ScreenResolution = "big" }, `screen_resolution: "big" is not WxH`},
		{"screen spec", func(c *Config) { c.Screen = "monitor" }, `screen: unknown source "monitor"`},
		{"no url", func(c *Config) { c.URL = "" }, "url: missing"},
		{"bad url", func(c *Config) { c.URL = "ftp://x" }, "url: \"ftp://x\" is not"},
		{"no auth", func(c *Config) { c.APISecret = "" }, "auth: give --token"},
		{"no room", func(c *Config) { c.Room = "" }, "room: missing"},
		{"token without room ok", func(c *Config) { c.Room, c.APIKey, c.APISecret, c.Token = "", "", "", "x.y.z" }, ""},
		{"negative duration", func(c *Config) { c.Duration = -time.Second }, "duration: -1s is negative"},
		{"bitrate", func(c *Config) { c.VideoBitrate = -1 }, "video_bitrate"},
		{"ttl", func(c *Config) { c.TokenTTL = 48 * time.Hour }, "token_ttl"},
		{"blur without camera", func(c *Config) { c.Camera, c.Blur = "none", 10 }, "blur: needs a camera, but camera is none"},
		{"background without camera", func(c *Config) { c.Camera, c.Background = "none", testBackground }, "background: needs a camera, but camera is none"},
		{"background", func(c *Config) { c.Background = testBackground }, ""},
		{"background not an image", func(c *Config) { c.Background = "config_test.go" }, "background: config_test.go is not a JPEG or PNG image"},
		{"background missing", func(c *Config) { c.Background = "nope.png" }, "background: cannot read nope.png: no such file or directory"},
		{"background truncated", func(c *Config) { c.Background = truncatedPNG(t) }, "is not a readable JPEG or PNG image"},
		{"impair", func(c *Config) { c.Impair = "in:loss=10%,delay=80ms,jitter=10ms" }, ""},
		{"impair loss without percent", func(c *Config) { c.Impair = "loss=10" }, `impair: "loss=10": want a percentage`},
		{"impair unknown key", func(c *Config) { c.Impair = "in:lag=5ms" }, `impair: "lag=5ms": unknown key "lag"`},
		{"impair direction", func(c *Config) { c.Impair = "up:loss=1%" }, `impair: "up:loss=1%": direction "up" is not in or out`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.change(&c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}
