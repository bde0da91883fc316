package libvpx

import (
	"errors"
	"image"
	"sync"
	"testing"
)

// keyInBitstream reads the keyframe bit of an encoded frame: VP8's frame
// tag, or a VP9 profile 0 uncompressed header.
func keyInBitstream(c Codec, frame []byte) bool {
	if len(frame) == 0 {
		return false
	}
	if c == VP8 {
		return frame[0]&0x01 == 0
	}
	// frame_marker(2) profile(2) show_existing_frame(1) frame_type(1)
	return frame[0]>>6 == 0b10 && frame[0]&0x08 == 0 && frame[0]&0x04 == 0
}

// TestKeyFrames: the first frame, a forced frame and the frame
// KeyFrameInterval after the last keyframe are keyframes, flagged and in
// the bitstream; the rest are not.
func TestKeyFrames(t *testing.T) {
	frames := clip(t, 320, 180, 30)
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			cfg := config(c, 320, 180, 300_000)
			cfg.KeyFrameInterval = 20
			e := newEncoder(t, cfg)
			for i, f := range frames {
				if i == 7 {
					e.ForceKeyFrame()
				}
				data, key, err := e.Encode(f)
				if err != nil || len(data) == 0 {
					t.Fatalf("frame %d: %d bytes, %v", i, len(data), err)
				}
				want := i == 0 || i == 7 || i == 27
				if key != want || keyInBitstream(c, data) != want {
					t.Fatalf("frame %d: flagged key %v, bitstream key %v, want %v", i, key, keyInBitstream(c, data), want)
				}
			}
		})
	}
}

// TestVP9SaysBT601: a VP9 keyframe's colour config says BT.601 limited
// range, so that browsers show the same colours as for VP8 and H.264.
func TestVP9SaysBT601(t *testing.T) {
	e := newEncoder(t, config(VP9, 320, 180, 300_000))
	data, _, err := e.Encode(clip(t, 320, 180, 1)[0])
	if err != nil {
		t.Fatal(err)
	}
	// Profile 0 keyframe: 8 header bits, a 24-bit sync code, then
	// color_space (3 bits) and color_range (1 bit).
	if len(data) < 5 || data[1] != 0x49 || data[2] != 0x83 || data[3] != 0x42 {
		t.Fatalf("not a VP9 profile 0 keyframe: % x", data[:min(len(data), 8)])
	}
	if cs, full := data[4]>>5, data[4]>>4&1; cs != 1 || full != 0 {
		t.Fatalf("colour space %d, full range %d; want 1 (CS_BT_601), 0", cs, full)
	}
}

// TestStrideWiderThanPicture: a frame whose rows are padded, or that is a
// sub-image of a larger one, encodes exactly like a tightly packed copy.
func TestStrideWiderThanPicture(t *testing.T) {
	packed := clip(t, 320, 180, 3)
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			want := encodeAll(t, newEncoder(t, config(c, 320, 180, 300_000)), packed)
			padded := make([]*image.YCbCr, len(packed))
			for i, f := range packed {
				big := image.NewYCbCr(image.Rect(0, 0, 400, 210), image.YCbCrSubsampleRatio420)
				sub := big.SubImage(image.Rect(40, 20, 360, 200)).(*image.YCbCr)
				for y := range 180 {
					copy(sub.Y[sub.YOffset(40, 20+y):], f.Y[y*f.YStride:][:320])
				}
				for y := range 90 {
					copy(sub.Cb[sub.COffset(40, 20+2*y):], f.Cb[y*f.CStride:][:160])
					copy(sub.Cr[sub.COffset(40, 20+2*y):], f.Cr[y*f.CStride:][:160])
				}
				padded[i] = sub
			}
			if got := encodeAll(t, newEncoder(t, config(c, 320, 180, 300_000)), padded); !sameStream(got, want) {
				t.Fatal("a padded sub-image encodes differently from the same picture packed")
			}
		})
	}
}

// TestClose: Close is idempotent, and every call after it returns
// ErrClosed instead of touching freed memory.
func TestClose(t *testing.T) {
	for _, c := range []Codec{VP8, VP9} {
		e, err := NewEncoder(config(c, 320, 180, 300_000))
		if err != nil {
			t.Fatal(err)
		}
		frame := clip(t, 320, 180, 1)[0]
		if _, _, err := e.Encode(frame); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := e.Close(); err != nil {
				t.Fatalf("%s close: %v", c, err)
			}
		}
		e.ForceKeyFrame()
		if _, _, err := e.Encode(frame); !errors.Is(err, ErrClosed) {
			t.Fatalf("%s encode after close: %v, want ErrClosed", c, err)
		}
		if err := e.SetBitrate(100_000); !errors.Is(err, ErrClosed) {
			t.Fatalf("%s SetBitrate after close: %v, want ErrClosed", c, err)
		}
	}
}

// TestConcurrentUse: keyframe requests, bitrate changes and Close may come
// from other goroutines while frames are encoded (run with -race).
func TestConcurrentUse(t *testing.T) {
	frames := clip(t, 160, 90, 30)
	e, err := NewEncoder(config(VP8, 160, 90, 100_000))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, f := range frames {
			if _, _, err := e.Encode(f); err != nil && !errors.Is(err, ErrClosed) {
				t.Error(err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 10 {
			e.ForceKeyFrame()
			if err := e.SetBitrate(100_000 + 10_000*i); err != nil && !errors.Is(err, ErrClosed) {
				t.Error(err)
				return
			}
		}
		e.Close()
	}()
	wg.Wait()
}
