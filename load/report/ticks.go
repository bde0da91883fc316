package report

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks marks an axis at round steps (1, 2 or 5 times a power of ten)
// with about six labels, written as short as they go: 0, 5, 10, not 0.00.
type niceTicks struct{}

var _ plot.Ticker = niceTicks{}

// Ticks returns labelled marks at each step from lo to hi, and unlabelled
// ones halfway.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: label(lo)}}
	}
	step := niceStep((hi - lo) / 6)
	var out []plot.Tick
	for v := math.Ceil(lo/step*2) * step / 2; v <= hi+step*1e-9; v += step / 2 {
		t := plot.Tick{Value: v}
		if math.Abs(math.Remainder(v, step)) < step*1e-9 {
			t.Label = label(v)
		}
		out = append(out, t)
	}
	return out
}

// niceStep is the smallest of 1, 2 or 5 times a power of ten at least
// raw.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

func label(v float64) string {
	if math.Abs(v) < 1e-12 {
		v = 0
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}
