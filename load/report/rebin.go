package report

import (
	"gonum.org/v1/plot/plotter"

	"github.com/lkbot/lkbot/load/quality"
)

// maxBins is how many bars a histogram plot shows at most.
const maxBins = 40

// rebin spreads a histogram's buckets over at most maxBins bars of equal
// width from the lowest value to top, each bucket in the bar of its
// middle. Buckets above top go in the last bar; above counts them. Each
// bar is at least one unit wide.
func rebin(bars []quality.Bar, top int64) (bins []plotter.HistogramBin, width float64, above int64) {
	if len(bars) == 0 {
		return nil, 0, 0
	}
	lo := bars[0].From
	hi := max(min(top, bars[len(bars)-1].To), lo) + 1
	step := max((hi-lo+maxBins-1)/maxBins, 1)
	n := (hi - lo + step - 1) / step
	bins = make([]plotter.HistogramBin, n)
	for i := range bins {
		from := float64(lo + int64(i)*step)
		bins[i] = plotter.HistogramBin{Min: from, Max: from + float64(step)}
	}
	for _, b := range bars {
		i := ((b.From+b.To)/2 - lo) / step
		if i >= n {
			i = n - 1
			above += b.Count
		}
		bins[i].Weight += float64(b.Count)
	}
	return bins, float64(step), above
}
