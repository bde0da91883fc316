package libvpx

import (
	"testing"
)

// TestBitrateHitsTarget: on three seconds of the synthetic camera at
// 640x360, 30 frames/s, VP8 and VP9 each produce within 20% of their
// target. pion/mediadevices' VP9 made 822-971 kbps of a 300 kbps target.
func TestBitrateHitsTarget(t *testing.T) {
	frames := clip(t, 640, 360, 90)
	for _, c := range []Codec{VP8, VP9} {
		for _, target := range []int{300_000, 450_000} {
			e := newEncoder(t, config(c, 640, 360, target))
			bytes := 0
			for i, f := range frames {
				data, _, err := e.Encode(f)
				if err != nil {
					t.Fatalf("%s frame %d: %v", c, i, err)
				}
				bytes += len(data)
			}
			got := bytes * 8 * 30 / len(frames)
			t.Logf("%s: %d kbps for a %d kbps target", c, got/1000, target/1000)
			if got < target*8/10 || got > target*12/10 {
				t.Errorf("%s: %d kbps for a %d kbps target, want within 20%%", c, got/1000, target/1000)
			}
		}
	}
}
