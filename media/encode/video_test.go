package encode

import (
	"errors"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/synthetic"
)

// TestVPXBitrateAndKeyframes: three seconds of the synthetic camera at
// 640x360, 30 frames/s, come out within 20% of the target bitrate, with
// keyframes exactly on the first frame and on the frame after
// ForceKeyFrame, and IsKeyFrame agreeing with the encoder on every frame.
func TestVPXBitrateAndKeyframes(t *testing.T) {
	const w, h, n, forced = 640, 360, 90, 45
	src, err := synthetic.NewVideoSource(w, h, 30)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{VP8, VP9} {
		for _, target := range []int{300_000, DefaultBitrate(w, h)} {
			enc, err := NewVideoEncoder(VideoParams{Codec: c, Width: w, Height: h, FPS: 30, BitrateBps: target, KeyFrameInterval: 1000})
			if err != nil {
				t.Fatal(err)
			}
			defer enc.Close()
			frame := synthetic.NewFrame(w, h)
			start := time.Unix(0, 0)
			bytes := 0
			for i := range n {
				if i == forced {
					enc.ForceKeyFrame()
				}
				src.Next(frame, uint32(i), start.Add(time.Duration(i)*time.Second/30))
				data, key, err := enc.Encode(frame)
				if err != nil || len(data) == 0 {
					t.Fatalf("%s frame %d: %d bytes, %v", c, i, len(data), err)
				}
				if want := i == 0 || i == forced; key != want || IsKeyFrame(c, data) != want {
					t.Fatalf("%s frame %d: encoder says key %v, IsKeyFrame %v, want %v", c, i, key, IsKeyFrame(c, data), want)
				}
				bytes += len(data)
			}
			got := bytes * 8 * 30 / n
			t.Logf("%s: %d kbps for a %d kbps target", c, got/1000, target/1000)
			if got < target*8/10 || got > target*12/10 {
				t.Errorf("%s: %d kbps for a %d kbps target, want within 20%%", c, got/1000, target/1000)
			}
		}
	}
}

// TestVideoEncoderErrors: what a user can get wrong reads as one line.
func TestVideoEncoderErrors(t *testing.T) {
	tests := []struct {
		p    VideoParams
		is   error
		want string
	}{
		{VideoParams{Codec: "av1", Width: 320, Height: 180}, ErrUnknownCodec, `unknown codec "av1" (want vp8, vp9 or h264)`},
		{VideoParams{Codec: "", Width: 320, Height: 180}, ErrUnknownCodec, `unknown codec "" (want vp8, vp9 or h264)`},
		{VideoParams{Codec: VP8, Width: 321, Height: 180}, ErrBadSize, "new vp8 encoder: bad frame size 321x180: want even width and height of at least 2"},
		{VideoParams{Codec: VP9, Width: 320, Height: 181}, ErrBadSize, "new vp9 encoder: bad frame size 320x181: want even width and height of at least 2"},
		{VideoParams{Codec: H264, Width: 0, Height: 0}, ErrBadSize, "new h264 encoder: bad frame size 0x0: want even width and height of at least 2"},
		{VideoParams{Codec: H264, Width: -2, Height: 180}, ErrBadSize, "new h264 encoder: bad frame size -2x180: want even width and height of at least 2"},
		{VideoParams{Codec: VP8, Width: 20000, Height: 180}, nil, "new vp8 encoder: bad frame size 20000x180: want even width and height from 2 to 16382"},
	}
	for _, tt := range tests {
		enc, err := NewVideoEncoder(tt.p)
		if err == nil {
			enc.Close()
			t.Fatalf("%+v: no error", tt.p)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%+v: %v, want %v", tt.p, err, tt.is)
		}
		if err.Error() != tt.want {
			t.Errorf("%+v:\n%q, want\n%q", tt.p, err, tt.want)
		}
	}
}

// TestVideoEncoderClose: Close is idempotent, and using an encoder after
// it is an error, never a crash.
func TestVideoEncoderClose(t *testing.T) {
	frame := synthetic.NewFrame(320, 180)
	for _, c := range []string{VP8, VP9, H264} {
		enc, err := NewVideoEncoder(VideoParams{Codec: c, Width: 320, Height: 180})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := enc.Encode(frame); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := enc.Close(); err != nil {
				t.Fatalf("%s close: %v", c, err)
			}
		}
		enc.ForceKeyFrame()
		if _, _, err := enc.Encode(frame); !errors.Is(err, ErrClosed) {
			t.Errorf("%s encode after close: %v, want ErrClosed", c, err)
		}
		if err := enc.SetBitrate(100_000); !errors.Is(err, ErrClosed) {
			t.Errorf("%s SetBitrate after close: %v, want ErrClosed", c, err)
		}
	}
}
