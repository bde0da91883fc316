package report

import (
	"testing"

	"github.com/lkbot/lkbot/load/quality"
)

// TestRebin: every value lands in one bar; a long tail goes in the last
// bar, counted; one value makes one bar one unit wide.
func TestRebin(t *testing.T) {
	bars := []quality.Bar{{From: 10, To: 10, Count: 5}, {From: 50, To: 50, Count: 3}, {From: 90, To: 90, Count: 2}, {From: 5000, To: 5004, Count: 1}}
	bins, width, above := rebin(bars, 100)
	var total float64
	for _, b := range bins {
		total += b.Weight
	}
	if total != 11 || above != 1 || len(bins) > maxBins || width != 3 || bins[0].Min != 10 || bins[len(bins)-1].Weight != 1 {
		t.Fatalf("bins %+v, width %g, above %d", bins, width, above)
	}
	one, width, _ := rebin([]quality.Bar{{From: 7, To: 7, Count: 4}}, 7)
	if len(one) != 1 || width != 1 || one[0].Min != 7 || one[0].Weight != 4 {
		t.Fatalf("one value: %+v, width %g", one, width)
	}
	if none, _, _ := rebin(nil, 0); none != nil {
		t.Fatalf("no values: %+v", none)
	}
}
