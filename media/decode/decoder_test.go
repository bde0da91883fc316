package decode

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// TestDecodeReadsStamps: every frame of a VP8 and a VP9 clip decodes to a
// picture of the encoded size whose stamp gives back its frame number and
// capture time, so a subscriber can measure latency from it.
func TestDecodeReadsStamps(t *testing.T) {
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			clip := encodedClip(t, c, 320, 180, 20)
			d := newDecoder(t, c)
			for i, f := range clip {
				if i == 0 != IsKeyframe(c, f) {
					t.Errorf("frame %d: IsKeyframe %v", i, !(i == 0))
				}
				img, err := d.Decode(f)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if img == nil || img.Rect.Dx() != 320 || img.Rect.Dy() != 180 {
					t.Fatalf("frame %d: picture %v, want 320x180", i, img)
				}
				s := stampOf(t, img)
				if int(s.Frame) != i || s.Delay(captureOf(i)) != 0 {
					t.Errorf("frame %d: stamp %+v, want frame %d captured at %v", i, s, i, captureOf(i))
				}
			}
		})
	}
}

// TestDecodeSizeChange: a new keyframe of another size decodes to a
// picture of that size.
func TestDecodeSizeChange(t *testing.T) {
	d := newDecoder(t, VP8)
	for _, size := range [][2]int{{320, 180}, {640, 360}, {160, 90}} {
		img, err := d.Decode(encodedClip(t, VP8, size[0], size[1], 1)[0])
		if err != nil {
			t.Fatal(err)
		}
		if img.Rect.Dx() != size[0] || img.Rect.Dy() != size[1] {
			t.Errorf("picture %v, want %dx%d", img.Rect, size[0], size[1])
		}
	}
}

// TestDecodeBadInput: garbage, truncated frames and a keyframe announcing
// a huge picture give errors, never a crash, and the decoder still
// decodes the next keyframe.
func TestDecodeBadInput(t *testing.T) {
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			clip := encodedClip(t, c, 320, 180, 2)
			d := newDecoder(t, c)
			rng := rand.New(rand.NewPCG(1, 2))
			garbage := make([]byte, 500)
			for i := range garbage {
				garbage[i] = byte(rng.Uint32())
			}
			inputs := [][]byte{nil, {0}, garbage, clip[0][:len(clip[0])/3], clip[1]}
			for i, in := range inputs {
				if img, err := d.Decode(in); err == nil && img != nil && i < 2 {
					t.Errorf("input %d decoded", i)
				}
			}
			img, err := d.Decode(clip[0])
			if err != nil || stampOf(t, img).Frame != 0 {
				t.Fatalf("keyframe after bad input: %v", err)
			}
		})
	}
	huge := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0xff, 0x3f, 0xff, 0x3f, 0, 0, 0, 0}
	if _, err := newDecoder(t, VP8).Decode(huge); !errors.Is(err, ErrCorrupt) {
		t.Errorf("16383x16383 keyframe: %v, want ErrCorrupt", err)
	}
}

// TestDecoderClosed: Decode after Close is an error; Close twice is fine.
func TestDecoderClosed(t *testing.T) {
	d, err := NewDecoder(VP9)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d.Close()
	if _, err := d.Decode([]byte{1, 2, 3}); !errors.Is(err, ErrClosed) {
		t.Errorf("Decode after Close: %v", err)
	}
	if _, err := NewDecoder(Codec(264)); !errors.Is(err, ErrUnknownCodec) {
		t.Errorf("NewDecoder(264): %v", err)
	}
}
