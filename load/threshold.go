package load

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/lkbot/lkbot/load/quality"
)

// Threshold is one configured threshold and how the run stood against it.
type Threshold struct {
	// Name is the setting's key, such as max_join_failures.
	Name string
	// Limit and Measured are in the threshold's unit: a count for
	// max_join_failures, a fraction (0.02 is 2%) for max_loss and
	// max_freeze_ratio, seconds for max_p95_latency.
	Limit    float64
	Measured float64
	OK       bool
}

// Measured are the figures thresholds are judged on.
type Measured struct {
	FailedJoins int
	// Loss is the residual loss after retransmission over every
	// received packet, 0 to 1.
	Loss float64
	// LatencyP95 is the p95 end-to-end latency over every frame and
	// audio packet measured after the warm-up.
	LatencyP95 time.Duration
	// FreezeRatio is the time frozen over all video time, 0 to 1.
	FreezeRatio float64
	// HasQuality says some track was measured after the warm-up; without
	// one, the quality thresholds have nothing to judge and fail.
	HasQuality bool
}

// MeasuredOf reads the figures from a run's failed joins and its total
// quality aggregate.
func MeasuredOf(failedJoins int, total *quality.Aggregate) Measured {
	m := Measured{FailedJoins: failedJoins}
	if total == nil {
		return m
	}
	c := total.Counters()
	m.HasQuality = c.Tracks > 0
	m.Loss, m.FreezeRatio = c.Loss(), c.FreezeRatio()
	m.LatencyP95 = time.Duration(total.Percentiles(quality.LatencyMs).P95) * time.Millisecond
	return m
}

// Value is the measured value of the threshold called name, in its unit.
func (m Measured) Value(name string) (float64, bool) {
	switch name {
	case "max_join_failures":
		return float64(m.FailedJoins), true
	case "max_loss":
		return m.Loss, true
	case "max_p95_latency":
		return m.LatencyP95.Seconds(), true
	case "max_freeze_ratio":
		return m.FreezeRatio, true
	}
	return 0, false
}

// ThresholdKeys are the settings that are thresholds: the keys a
// config's thresholds: block may hold.
var ThresholdKeys = []string{"max_join_failures", "max_loss", "max_p95_latency", "max_freeze_ratio"}

// qualityThreshold says whether the threshold judges received media.
func qualityThreshold(name string) bool { return name != "max_join_failures" }

// Limits are c's configured thresholds by name, in the settings table's
// order, in each one's unit; one that is off is left out.
func (c *Config) Limits() []Threshold {
	var out []Threshold
	if c.MaxJoinFailures >= 0 {
		out = append(out, Threshold{Name: "max_join_failures", Limit: float64(c.MaxJoinFailures)})
	}
	if v, err := ParsePercent(c.MaxLoss); err == nil && v >= 0 {
		out = append(out, Threshold{Name: "max_loss", Limit: v})
	}
	if c.MaxP95Latency > 0 {
		out = append(out, Threshold{Name: "max_p95_latency", Limit: c.MaxP95Latency.Seconds()})
	}
	if v, err := ParsePercent(c.MaxFreezeRatio); err == nil && v >= 0 {
		out = append(out, Threshold{Name: "max_freeze_ratio", Limit: v})
	}
	return out
}

// Judge fills in each threshold's Measured and OK from m. A quality
// threshold with no track measured fails: a run that received nothing
// must not pass a loss limit.
func Judge(limits []Threshold, m Measured) []Threshold {
	out := make([]Threshold, 0, len(limits))
	for _, t := range limits {
		t.Measured, _ = m.Value(t.Name)
		t.OK = t.Measured <= t.Limit && (m.HasQuality || !qualityThreshold(t.Name))
		out = append(out, t)
	}
	return out
}

// Thresholds are the run's configured thresholds, judged.
func (r *Result) Thresholds() []Threshold {
	var total *quality.Aggregate
	if r.Quality != nil {
		total = r.Quality.Total()
	}
	return Judge(r.Config.Limits(), MeasuredOf(r.Counts().FailedTotal(), total))
}

// ThresholdError is a broken threshold: its name, its limit and what the
// run measured.
type ThresholdError struct{ Threshold Threshold }

func (e *ThresholdError) Error() string {
	t := e.Threshold
	if t.Name != "max_join_failures" && t.Measured == 0 && t.Measured <= t.Limit {
		return fmt.Sprintf("threshold %s broken: limit %s, but no track was measured after the warm-up", t.Name, FormatLimit(t.Name, t.Limit))
	}
	return fmt.Sprintf("threshold %s broken: limit %s, measured %s", t.Name, FormatLimit(t.Name, t.Limit), FormatLimit(t.Name, t.Measured))
}

// FormatLimit writes a threshold's limit or measured value as its flag
// takes it: 2%, 400ms, 3.
func FormatLimit(name string, v float64) string {
	switch name {
	case "max_loss", "max_freeze_ratio":
		return strconv.FormatFloat(math.Round(v*1e5)/1e3, 'f', -1, 64) + "%"
	case "max_p95_latency":
		return time.Duration(v * float64(time.Second)).Round(time.Millisecond).String()
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// FirstBroken returns the first threshold that is not OK, or nil.
func FirstBroken(ts []Threshold) *ThresholdError {
	for _, t := range ts {
		if !t.OK {
			return &ThresholdError{Threshold: t}
		}
	}
	return nil
}

// CheckThresholds returns the first threshold the run broke, or nil.
func (r *Result) CheckThresholds() *ThresholdError { return FirstBroken(r.Thresholds()) }
