package quality

// Percentiles summarises one metric's distribution, in the metric's unit.
// Each value is within 0.1% of the exact one (3 significant digits).
type Percentiles struct {
	Count int64   `json:"count"`
	P50   int64   `json:"p50"`
	P95   int64   `json:"p95"`
	P99   int64   `json:"p99"`
	Max   int64   `json:"max"`
	Mean  float64 `json:"mean"`
}

// Percentiles reads metric m's distribution from its histogram; the zero
// Percentiles if nothing was recorded.
func (a *Aggregate) Percentiles(m Metric) Percentiles {
	a.mu.Lock()
	defer a.mu.Unlock()
	h := a.hists[m.Name]
	if h == nil || h.TotalCount() == 0 {
		return Percentiles{}
	}
	return Percentiles{
		Count: h.TotalCount(),
		P50:   h.ValueAtQuantile(50),
		P95:   h.ValueAtQuantile(95),
		P99:   h.ValueAtQuantile(99),
		Max:   h.Max(),
		Mean:  h.Mean(),
	}
}
