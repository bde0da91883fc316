package load

import (
	"fmt"
	"strconv"
)

// Threshold is one configured threshold and how the run stood against it.
type Threshold struct {
	// Name is the setting's key, such as max_join_failures.
	Name     string
	Limit    float64
	Measured float64
	OK       bool
}

// Thresholds are the run's configured thresholds, in the order of the
// settings table; one that is off is left out.
func (r *Result) Thresholds() []Threshold {
	var out []Threshold
	if limit := r.Config.MaxJoinFailures; limit >= 0 {
		failed := r.Counts().FailedTotal()
		out = append(out, Threshold{Name: "max_join_failures", Limit: float64(limit), Measured: float64(failed), OK: failed <= limit})
	}
	return out
}

// ThresholdError is a broken threshold: its name, its limit and what the
// run measured.
type ThresholdError struct{ Threshold Threshold }

func (e *ThresholdError) Error() string {
	return fmt.Sprintf("threshold %s broken: limit %s, measured %s", e.Threshold.Name, number(e.Threshold.Limit), number(e.Threshold.Measured))
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// CheckThresholds returns the first threshold the run broke, or nil.
func (r *Result) CheckThresholds() *ThresholdError {
	for _, t := range r.Thresholds() {
		if !t.OK {
			return &ThresholdError{Threshold: t}
		}
	}
	return nil
}
