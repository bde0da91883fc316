package libvpx

import (
	"image"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/synthetic"
)

// clip renders n frames of the synthetic camera at w x h, 30 frames/s.
func clip(t testing.TB, w, h, n int) []*image.YCbCr {
	t.Helper()
	src, err := synthetic.NewVideoSource(w, h, 30)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Unix(0, 0)
	frames := make([]*image.YCbCr, n)
	for i := range frames {
		frames[i] = synthetic.NewFrame(w, h)
		src.Next(frames[i], uint32(i), start.Add(time.Duration(i)*time.Second/30))
	}
	return frames
}

// newEncoder builds an encoder for tests and closes it at the end.
func newEncoder(t testing.TB, cfg Config) *Encoder {
	t.Helper()
	e, err := NewEncoder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// config is a 30 frames/s test configuration.
func config(c Codec, w, h, bps int) Config {
	return Config{Codec: c, Width: w, Height: h, FPS: 30, BitrateBps: bps, KeyFrameInterval: 3000}
}
