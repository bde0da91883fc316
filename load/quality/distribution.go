package quality

// Bar is one bucket of a metric's histogram: Count values from From to To,
// both included, in the metric's unit.
type Bar struct {
	From  int64 `json:"from"`
	To    int64 `json:"to"`
	Count int64 `json:"count"`
}

// Distribution returns metric m's histogram as its buckets that hold a
// value, lowest first: what a report plots. Nil if nothing was recorded.
// Each bucket spans 0.1% of its values or less (3 significant digits).
func (a *Aggregate) Distribution(m Metric) []Bar {
	a.mu.Lock()
	defer a.mu.Unlock()
	h := a.hists[m.Name]
	if h == nil || h.TotalCount() == 0 {
		return nil
	}
	var out []Bar
	for _, b := range h.Distribution() {
		if b.Count > 0 {
			out = append(out, Bar{From: b.From, To: b.To, Count: b.Count})
		}
	}
	return out
}
