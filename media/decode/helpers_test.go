package decode

import (
	"image"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/encode/libvpx"
	"github.com/lkbot/lkbot/media/synthetic"
)

// t0 is the capture time of frame 0 in the test clips.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// encodedClip returns n frames of the synthetic camera at w x h and 30
// frames/s encoded with c at about LiveKit's preset bitrates (2 bits a
// pixel a second: 1.8 Mbit/s at 720p, 460 kbit/s at 360p), the first a
// keyframe, each stamped with its number and a capture time 33 ms after
// the previous one.
func encodedClip(t testing.TB, c Codec, w, h, n int) [][]byte {
	t.Helper()
	src, err := synthetic.NewVideoSource(w, h, 30)
	if err != nil {
		t.Fatal(err)
	}
	codec := libvpx.VP8
	if c == VP9 {
		codec = libvpx.VP9
	}
	enc, err := libvpx.NewEncoder(libvpx.Config{Codec: codec, Width: w, Height: h, FPS: 30, BitrateBps: w * h * 2, KeyFrameInterval: 300})
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	frame := synthetic.NewFrame(w, h)
	out := make([][]byte, n)
	for i := range n {
		src.Next(frame, uint32(i), captureOf(i))
		if out[i], _, err = enc.Encode(frame); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func captureOf(i int) time.Time { return t0.Add(time.Duration(i) * 33 * time.Millisecond) }

func newDecoder(t testing.TB, c Codec) *Decoder {
	t.Helper()
	d, err := NewDecoder(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// stampOf reads img's stamp or fails the test.
func stampOf(t testing.TB, img *image.YCbCr) synthetic.Stamp {
	t.Helper()
	s, ok := synthetic.ReadStamp(img)
	if !ok {
		t.Fatal("stamp does not read")
	}
	return s
}
