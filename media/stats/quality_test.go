package stats

import (
	"testing"
	"time"
)

// TestQualitySince leaves a warm-up out: a stall and a loss during the
// first seconds count in the totals, not in the figures since.
func TestQualitySince(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	s := newVP8Stream(30, 2)
	s.play(r, 30, 30, nil)
	s.skip(time.Second)
	s.seq++ // one packet lost, between two frames
	s.play(r, 30, 30, nil)
	warm := r.Quality()
	s.play(r, 91, 30, nil)
	total, after := r.Quality(), r.Quality().Since(warm)

	if total.Freezes != 1 || total.Lost != 1 {
		t.Fatalf("totals: %d freezes, %d lost; want 1 and 1", total.Freezes, total.Lost)
	}
	if after.Freezes != 0 || after.FreezeDuration != 0 || after.Lost != 0 || after.Expected != 182 || after.DecodableFrames != 91 || after.Intervals != 91 {
		t.Errorf("since warm-up: %+v; want no freeze or loss, 182 packets expected, 91 frames and intervals", after)
	}
	if !near(after.FPS(), 30, 1e-6) || !near(after.HarmonicFPS(), 30, 1e-6) {
		t.Errorf("since warm-up: fps %v, harmonic %v; want 30 and 30", after.FPS(), after.HarmonicFPS())
	}
	if total.HarmonicFPS() > 10 {
		t.Errorf("harmonic fps over the stall = %v, want it well under 30", total.HarmonicFPS())
	}
}
