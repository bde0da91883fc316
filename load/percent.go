package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParsePercent reads a threshold written as a percentage, such as "2%"
// or "0.5%", and returns it as a fraction (0.02). Empty is off and gives
// -1. A bare number without "%" is refused: "2" could mean 2% or 200%.
func ParsePercent(text string) (float64, error) {
	if text == "" {
		return -1, nil
	}
	num, ok := strings.CutSuffix(strings.TrimSpace(text), "%")
	if !ok {
		return 0, fmt.Errorf("%q is not a percentage: write it with %%, as in 2%%", text)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 100 {
		return 0, fmt.Errorf("%q is not a percentage from 0%% to 100%%", text)
	}
	return v / 100, nil
}

// StartTime is when the ramp starts: StartAt parsed, or the zero time
// when it is empty.
func (c *Config) StartTime() (time.Time, error) {
	if c.StartAt == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, c.StartAt)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time, as in 2026-12-03T10:00:00Z", c.StartAt)
	}
	return t, nil
}

// percentOf writes a fraction as a percentage with one decimal.
func percentOf(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
