package libvpx

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"testing"
)

// TestConfigErrors: a setting out of range is refused with one line that
// says what is wrong and what is wanted.
func TestConfigErrors(t *testing.T) {
	ok := config(VP8, 320, 180, 300_000)
	tests := []struct {
		name string
		edit func(*Config)
		is   error
		want string
	}{
		{"unknown codec", func(c *Config) { c.Codec = 7 }, ErrUnknownCodec,
			"new codec(7) encoder: unknown libvpx codec 7 (want libvpx.VP8 or libvpx.VP9)"},
		{"zero codec", func(c *Config) { c.Codec = 0 }, ErrUnknownCodec,
			"new codec(0) encoder: unknown libvpx codec 0 (want libvpx.VP8 or libvpx.VP9)"},
		{"odd width", func(c *Config) { c.Width = 321 }, ErrBadSize,
			"new vp8 encoder: bad frame size 321x180: want even width and height from 2 to 16382"},
		{"odd height", func(c *Config) { c.Height = 179 }, ErrBadSize,
			"new vp8 encoder: bad frame size 320x179: want even width and height from 2 to 16382"},
		{"zero size", func(c *Config) { c.Width, c.Height = 0, 0 }, ErrBadSize,
			"new vp8 encoder: bad frame size 0x0: want even width and height from 2 to 16382"},
		{"negative size", func(c *Config) { c.Width = -2 }, ErrBadSize,
			"new vp8 encoder: bad frame size -2x180: want even width and height from 2 to 16382"},
		{"huge size", func(c *Config) { c.Width = 16384 }, ErrBadSize,
			"new vp8 encoder: bad frame size 16384x180: want even width and height from 2 to 16382"},
		{"no bitrate", func(c *Config) { c.BitrateBps = 0 }, ErrBadConfig,
			"new vp8 encoder: bad encoder setting: bitrate 0 bit/s, want 1000 to 1e9"},
		{"no frame rate", func(c *Config) { c.FPS = 0 }, ErrBadConfig,
			"new vp8 encoder: bad encoder setting: frame rate 0, want 1 to 1000"},
		{"no keyframe interval", func(c *Config) { c.KeyFrameInterval = 0 }, ErrBadConfig,
			"new vp8 encoder: bad encoder setting: keyframe interval 0 frames, want at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			e, err := NewEncoder(cfg)
			if err == nil {
				e.Close()
				t.Fatal("no error")
			}
			checkError(t, err, tt.is, tt.want)
		})
	}
}

// TestFrameErrors: a frame the encoder cannot take is refused with one
// line, and the encoder stays usable.
func TestFrameErrors(t *testing.T) {
	good := clip(t, 320, 180, 1)[0]
	short := *good
	short.Cr = short.Cr[:100]
	narrow := *good
	narrow.YStride = 300
	tests := []struct {
		name  string
		frame *image.YCbCr
		is    error
		want  string
	}{
		{"nil", nil, ErrBadFrame, "encode vp8: bad frame: nil frame"},
		{"odd size", image.NewYCbCr(image.Rect(0, 0, 321, 180), image.YCbCrSubsampleRatio420), ErrBadSize,
			"encode vp8: bad frame size 321x180: want even width and height from 2 to 16382"},
		{"empty", &image.YCbCr{SubsampleRatio: image.YCbCrSubsampleRatio420}, ErrBadSize,
			"encode vp8: bad frame size 0x0: want even width and height from 2 to 16382"},
		{"4:4:4", image.NewYCbCr(image.Rect(0, 0, 320, 180), image.YCbCrSubsampleRatio444), ErrBadFrame,
			"encode vp8: bad frame: subsampling YCbCrSubsampleRatio444, want 4:2:0 (I420)"},
		{"odd origin", image.NewYCbCr(image.Rect(1, 0, 321, 180), image.YCbCrSubsampleRatio420), ErrBadFrame,
			"encode vp8: bad frame: picture starts at odd (1,0); chroma would be misaligned"},
		{"short plane", &short, ErrBadFrame,
			"encode vp8: bad frame: Cr plane has 100 bytes, want 14400 for 90 rows of 160, stride 160"},
		{"narrow stride", &narrow, ErrBadFrame,
			"encode vp8: bad frame: Y stride 300 is narrower than the picture (320)"},
	}
	e := newEncoder(t, config(VP8, 320, 180, 300_000))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := e.Encode(tt.frame)
			checkError(t, err, tt.is, tt.want)
			if _, _, err := e.Encode(good); err != nil {
				t.Fatalf("encoder unusable after a bad frame: %v", err)
			}
		})
	}
}

func TestSetBitrateErrors(t *testing.T) {
	e := newEncoder(t, config(VP9, 320, 180, 300_000))
	for _, bps := range []int{0, -1, 999, 2_000_000_000} {
		err := e.SetBitrate(bps)
		checkError(t, err, ErrBadConfig, fmt.Sprintf("set vp9 bitrate: bad encoder setting: bitrate %d bit/s, want 1000 to 1e9", bps))
	}
}

func checkError(t *testing.T, err, is error, want string) {
	t.Helper()
	if !errors.Is(err, is) {
		t.Fatalf("error %v, want %v", err, is)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("error spans lines: %q", err)
	}
	if err.Error() != want {
		t.Fatalf("error\n%q, want\n%q", err, want)
	}
}
