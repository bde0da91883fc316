package stats

import (
	"testing"
	"time"
)

// TestJitterSteps checks the estimate packet by packet against RFC 3550
// worked by hand, with a 1 kHz clock so that ticks are milliseconds.
func TestJitterSteps(t *testing.T) {
	const (
		j2 = 6.0 / 16           // D = 16 - 10
		j4 = j2 + (6-j2)/16     // D = 4 - 10
		j5 = j4 + (10+31-j4)/16 // 31 ticks back across the wrap in 10 ms
	)
	steps := []struct {
		ts      uint32
		arrival time.Duration
		want    float64
	}{
		{0, 0, 0},
		{10, 10 * time.Millisecond, 0},
		{20, 26 * time.Millisecond, j2},
		{20, 40 * time.Millisecond, j2}, // same timestamp: skipped
		{30, 30 * time.Millisecond, j4},
		{4294967295, 40 * time.Millisecond, j5},
	}
	j := jitter{clockRate: 1000}
	for i, s := range steps {
		j.push(s.ts, t0.Add(s.arrival))
		if got := j.ms(); !near(got, s.want, 1e-9) {
			t.Errorf("step %d: jitter = %v ms, want %v", i, got, s.want)
		}
	}
}
