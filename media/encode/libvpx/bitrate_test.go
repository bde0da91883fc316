package libvpx

import (
	"fmt"
	"testing"
)

// TestBitrateHitsTarget: on three seconds of the synthetic camera at 30
// frames/s, VP8 and VP9 each produce within 20% of their target, at 640x360
// and at 1280x720 with LiveKit's 720p preset. pion/mediadevices' VP9 made
// 822-971 kbps of a 300 kbps target at 640x360 and 2.8-3.0 Mbps of the
// 1.7 Mbps preset at 720p.
func TestBitrateHitsTarget(t *testing.T) {
	for _, tc := range []struct {
		w, h    int
		targets []int
	}{
		{640, 360, []int{300_000, 450_000}},
		{1280, 720, []int{1_700_000}},
	} {
		frames := clip(t, tc.w, tc.h, 90)
		for _, c := range []Codec{VP8, VP9} {
			for _, target := range tc.targets {
				name := fmt.Sprintf("%s %dx%d", c, tc.w, tc.h)
				e := newEncoder(t, config(c, tc.w, tc.h, target))
				bytes := 0
				for i, f := range frames {
					data, _, err := e.Encode(f)
					if err != nil {
						t.Fatalf("%s frame %d: %v", name, i, err)
					}
					bytes += len(data)
				}
				got := bytes * 8 * 30 / len(frames)
				t.Logf("%s: %d kbps for a %d kbps target", name, got/1000, target/1000)
				if got < target*8/10 || got > target*12/10 {
					t.Errorf("%s: %d kbps for a %d kbps target, want within 20%%", name, got/1000, target/1000)
				}
			}
		}
	}
}
