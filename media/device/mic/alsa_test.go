package mic

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/gen2brain/malgo"
)

// TestALSAThroughPulsePlugin drives the ALSA backend, which a machine
// without a sound card cannot otherwise, through ALSA's pulse plugin into
// the test server's monitor.
func TestALSAThroughPulsePlugin(t *testing.T) {
	srv := startPulse(t)
	ctx := testContext(t)
	ac, err := tryBackend(malgo.BackendAlsa, "alsa")
	if err != nil {
		t.Fatalf("ALSA: %v", err)
	}
	if _, err := match(ac.devices, "pulse"); err != nil {
		ac.close()
		t.Skipf("ALSA lists no pulse plugin (libasound2-plugins): %v", err)
	}
	src, err := start(ctx, ac, "pulse")
	if err != nil {
		ac.close()
		t.Fatal(err)
	}
	defer src.Close()
	if d := src.Device(); d.Backend != "alsa" || d.Name != "pulse" {
		t.Fatalf("Device() = %+v", d)
	}

	const hz = 440
	var wg sync.WaitGroup
	defer wg.Wait()
	playCtx, stop := context.WithCancel(ctx)
	defer stop()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.PlayTone(playCtx, hz, 10); err != nil && playCtx.Err() == nil {
			t.Error(err)
		}
	}()
	f := frequency(captureTone(t, src, 1.0), sampleRate)
	if math.Abs(f-hz) > hz*0.02 {
		t.Errorf("frequency %.1f Hz, want %d Hz ± 2%%", f, hz)
	}
	t.Logf("%.1f Hz through ALSA, stats %+v", f, src.Stats())
}
