package report

import (
	"math"
	"slices"
	"time"
)

// Distribution summarises durations, in seconds. The percentiles are
// exact, from the sorted values (nearest rank), within one shard; merging
// shards reads the quality's join_ms histogram instead.
type Distribution struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

// distributionOf summarises ds; an empty list gives zeros.
func distributionOf(ds []time.Duration) Distribution {
	if len(ds) == 0 {
		return Distribution{}
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return Distribution{
		Count: len(sorted),
		P50:   rank(sorted, 0.50),
		P95:   rank(sorted, 0.95),
		P99:   rank(sorted, 0.99),
		Max:   sorted[len(sorted)-1].Seconds(),
	}
}

// rank is the nearest-rank percentile p of sorted: the smallest value
// that at least p of the values do not exceed.
func rank(sorted []time.Duration, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)].Seconds()
}
