package load

import (
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestGridLayoutTakesTheMiddleLayer: a 1280x720 simulcast camera (layers
// 1280x720, 640x360, 320x180) seen through --layout grid, whose tiles are
// 426x240, reaches its viewer as the 640x360 layer: far less than the top
// layer's bitrate, and more than the bottom one's. --layout all takes the
// top layer.
func TestGridLayoutTakesTheMiddleLayer(t *testing.T) {
	srv := lktest.Start(t)
	kbps := map[string]float64{}
	for _, mode := range []string{LayoutAll, LayoutGrid} {
		c := serverConfig(srv)
		c.RoomPrefix = "layout-" + mode
		c.Publishers, c.Subscribers = 1, 1
		c.Media, c.Layout = MediaLive, mode
		c.Bot.Resolution, c.Bot.Simulcast, c.Bot.Mic = "1280x720", true, "none"
		c.Duration, c.Warmup = 8*time.Second, 3*time.Second
		var got received
		r, err := NewRunner(Params{Config: c, Hooks: got.hooks()})
		if err != nil {
			t.Fatal(err)
		}
		r.Run(t.Context())
		v := got.byKind[c.RoomPrefix+"-1-sub-1"]["video"]
		// The whole track's bytes over its video time: the layer's rate,
		// and the top layer's for the second before the layout applies.
		kbps[mode] = float64(v.Bytes) * 8 / 1000 / v.VideoDuration.Seconds()
		t.Logf("%s: %d bytes over %s: %.0f kbit/s", mode, v.Bytes, v.VideoDuration, kbps[mode])
	}
	// Measured: about 1650 kbit/s for all, 500 for grid.
	if kbps[LayoutAll] < 1000 {
		t.Errorf("layout all: %.0f kbit/s, want the top layer (about 1.7 Mbit/s)", kbps[LayoutAll])
	}
	if kbps[LayoutGrid] > kbps[LayoutAll]/2 || kbps[LayoutGrid] < 180 {
		t.Errorf("layout grid: %.0f kbit/s, want the middle layer (about 500 kbit/s) against %.0f for all", kbps[LayoutGrid], kbps[LayoutAll])
	}
}
