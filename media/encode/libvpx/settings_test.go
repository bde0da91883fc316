package libvpx

import (
	"bytes"
	"image"
	"testing"
)

// libvpx has no getter for cpu-used and the other speed controls, but its
// output is deterministic: the same frames through the same settings give
// the same bytes. So an encoder whose context was rebuilt must produce
// exactly what a fresh encoder with those settings produces, and one that
// lost its controls must not.

// encodeAll encodes frames and returns the encoded frames.
func encodeAll(t *testing.T, e *Encoder, frames []*image.YCbCr) [][]byte {
	t.Helper()
	out := make([][]byte, len(frames))
	for i, f := range frames {
		data, _, err := e.Encode(f)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		out[i] = data
	}
	return out
}

func sameStream(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// TestSettingsSurviveResize: after a frame of a new size, the encoder's
// output is byte for byte that of a fresh encoder at the new size, and
// differs from what it would be had the controls been dropped.
func TestSettingsSurviveResize(t *testing.T) {
	big, small := clip(t, 640, 360, 10), clip(t, 320, 180, 10)
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			want := encodeAll(t, newEncoder(t, config(c, 320, 180, 200_000)), small)

			e := newEncoder(t, config(c, 640, 360, 200_000))
			encodeAll(t, e, big)
			if got := encodeAll(t, e, small); !sameStream(got, want) {
				t.Fatal("after a resize the stream differs from a fresh encoder's: settings were lost")
			}

			dropped := newEncoder(t, config(c, 640, 360, 200_000))
			encodeAll(t, dropped, big)
			dropped.controls = nil // what mediadevices did: a new context with default controls
			if sameStream(encodeAll(t, dropped, small), want) {
				t.Fatal("an encoder without its controls gives the same stream: this test cannot see lost settings")
			}
		})
	}
}

// TestSettingsSurviveSetBitrate: SetBitrate to the bitrate in force
// changes nothing else, so the stream is that of an encoder never told;
// and a bitrate set before a resize survives it with every control.
func TestSettingsSurviveSetBitrate(t *testing.T) {
	big, small := clip(t, 640, 360, 20), clip(t, 320, 180, 10)
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			want := encodeAll(t, newEncoder(t, config(c, 640, 360, 300_000)), big)
			e := newEncoder(t, config(c, 640, 360, 300_000))
			got := encodeAll(t, e, big[:10])
			if err := e.SetBitrate(300_000); err != nil {
				t.Fatal(err)
			}
			if got = append(got, encodeAll(t, e, big[10:])...); !sameStream(got, want) {
				t.Fatal("SetBitrate to the same bitrate changed the stream: it changed other settings")
			}

			want = encodeAll(t, newEncoder(t, config(c, 320, 180, 200_000)), small)
			e = newEncoder(t, config(c, 640, 360, 500_000))
			encodeAll(t, e, big[:10])
			if err := e.SetBitrate(200_000); err != nil {
				t.Fatal(err)
			}
			encodeAll(t, e, big[10:])
			if got := encodeAll(t, e, small); !sameStream(got, want) {
				t.Fatal("after SetBitrate and a resize the stream differs from a fresh encoder's")
			}
		})
	}
}
