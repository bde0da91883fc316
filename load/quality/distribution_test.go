package quality

import (
	"testing"
	"time"
)

// TestDistribution: the bars hold every recorded value once, in order,
// each bar around the values it counts.
func TestDistribution(t *testing.T) {
	a := New()
	if a.Distribution(LatencyMs) != nil {
		t.Fatal("an empty aggregate has bars")
	}
	for _, ms := range []int{5, 5, 5, 20, 250, 1000} {
		a.RecordDuration(LatencyMs, time.Duration(ms)*time.Millisecond)
	}
	bars := a.Distribution(LatencyMs)
	var total int64
	for i, b := range bars {
		total += b.Count
		if b.From > b.To || (i > 0 && b.From <= bars[i-1].To) {
			t.Fatalf("bars out of order: %+v", bars)
		}
	}
	if total != 6 || len(bars) != 4 {
		t.Fatalf("bars %+v, want 4 holding 6 values", bars)
	}
	if b := bars[0]; b.From != 5 || b.To != 5 || b.Count != 3 {
		t.Fatalf("first bar %+v, want 3 values of 5 ms", b)
	}
	if b := bars[3]; b.From > 1000 || b.To < 1000 || b.To-b.From > 1 {
		t.Fatalf("last bar %+v, want 1000 ms within 0.1%%", b)
	}
}
