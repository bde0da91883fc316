//go:build cgo

package stats

import (
	"fmt"
	"testing"
	"time"
)

// TestRealEncoders feeds packets of real VP8, VP9 and H.264 streams, as
// pion packetizes them, and checks what the Receiver reads back. The
// encoders need cgo (libvpx, openh264), hence the build constraint: the
// other tests run without it.
func TestRealEncoders(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes video")
	}
	sizes := []struct{ w, h int }{{1280, 720}, {640, 360}, {320, 180}, {1920, 1080}}
	for _, c := range realCodecs {
		for _, s := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", c.name, s.w, s.h), func(t *testing.T) {
				frames := encode(t, c, s.w, s.h, 2)
				pkts := packetize(c, frames)
				r := NewReceiver(c.mimeType, 90000)
				t0 := time.Unix(1000, 0)
				for _, p := range pkts {
					r.Push(p, t0.Add(time.Duration(p.Timestamp-pkts[0].Timestamp)*time.Second/90000))
				}
				got := r.Snapshot(t0.Add(time.Second))
				if got.Width != s.w || got.Height != s.h {
					t.Errorf("size = %dx%d, want %dx%d", got.Width, got.Height, s.w, s.h)
				}
				if got.Frames != 2 || got.Keyframes != 1 || got.Lost != 0 || got.Packets != uint64(len(pkts)) {
					t.Errorf("frames=%d keyframes=%d lost=%d packets=%d, want 2, 1, 0, %d",
						got.Frames, got.Keyframes, got.Lost, got.Packets, len(pkts))
				}
				if q := r.Quality(); q.CompleteFrames != 2 || q.DecodableFrames != 2 {
					t.Errorf("complete frames %d, decodable %d; want 2, 2", q.CompleteFrames, q.DecodableFrames)
				}
				if !got.LastKeyframe.Equal(t0) {
					t.Errorf("last keyframe at %v, want %v", got.LastKeyframe, t0)
				}
				checkExportedParser(t, c, frames[0], pkts[0].Payload, s.w, s.h)
			})
		}
	}
}

// checkExportedParser runs the exported parser for the codec, if any, on
// the keyframe.
func checkExportedParser(t *testing.T, c realCodec, keyframe, firstPayload []byte, w, h int) {
	t.Helper()
	switch c.name {
	case "VP8":
		gw, gh, ok := VP8KeyframeSize(firstPayload)
		if !ok || gw != w || gh != h {
			t.Errorf("VP8KeyframeSize = %d, %d, %v; want %d, %d, true", gw, gh, ok, w, h)
		}
	case "H264":
		var found bool
		for _, n := range annexBNALUs(keyframe) {
			if n[0]&0x1f != naluSPS {
				continue
			}
			found = true
			gw, gh, err := H264SPSSize(n)
			if err != nil || gw != w || gh != h {
				t.Errorf("H264SPSSize = %d, %d, %v; want %d, %d, nil", gw, gh, err, w, h)
			}
		}
		if !found {
			t.Error("keyframe has no SPS")
		}
	}
}
