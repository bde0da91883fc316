package load

import (
	"fmt"
	"strconv"
)

// ThresholdError is a broken threshold: its setting, its limit and what
// the run measured.
type ThresholdError struct {
	Threshold string // the setting's key, such as max_join_failures
	Limit     string
	Measured  string
}

func (e *ThresholdError) Error() string {
	return fmt.Sprintf("threshold %s broken: limit %s, measured %s", e.Threshold, e.Limit, e.Measured)
}

// CheckThresholds returns the first threshold of the config that the run
// broke, or nil.
func (r *Result) CheckThresholds() *ThresholdError {
	max := r.Config.MaxJoinFailures
	if failed := r.Counts().FailedTotal(); max >= 0 && failed > max {
		return &ThresholdError{Threshold: "max_join_failures", Limit: strconv.Itoa(max), Measured: strconv.Itoa(failed)}
	}
	return nil
}
