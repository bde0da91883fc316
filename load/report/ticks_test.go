package report

import (
	"slices"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 26.9, []string{"0", "5", "10", "15", "20", "25"}},
		{0, 8.8, []string{"0", "2", "4", "6", "8"}},
		{0, 0.033, []string{"0", "0.01", "0.02", "0.03"}},
		{3, 3, []string{"3"}},
	} {
		var labels []string
		for _, tick := range (niceTicks{}).Ticks(tt.lo, tt.hi) {
			if tick.Label != "" {
				labels = append(labels, tick.Label)
			}
		}
		if !slices.Equal(labels, tt.want) {
			t.Errorf("ticks of %g to %g: %v, want %v", tt.lo, tt.hi, labels, tt.want)
		}
	}
}
