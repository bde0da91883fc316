package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/lkbot/lkbot/load"
)

// WriteSummary writes a few plain lines that say how the run went: bots,
// join times and rates, session ends, and how it ended.
func WriteSummary(w io.Writer, r *Report) error {
	b, t := r.Totals.Bots, r.Totals
	var classes []string
	for _, f := range load.Failures() {
		classes = append(classes, fmt.Sprintf("%s %d", f, t.Failures[f]))
	}
	j := t.JoinSeconds
	lines := []string{
		fmt.Sprintf("bots: %d planned, %d joined, %d failed (%s), %d interrupted, %d not started",
			b.Planned, b.Joined, b.Failed, strings.Join(classes, ", "), b.Interrupted, b.NotStarted),
		fmt.Sprintf("join time: p50 %.3fs, p95 %.3fs, p99 %.3fs, max %.3fs; %.1f joins/s (%.1f attempts/s)",
			j.P50, j.P95, j.P99, j.Max, t.JoinsPerSecond, t.AttemptsPerSecond),
		"session ends: " + sessionEnds(t.SessionEnds),
		fmt.Sprintf("ended by %s after %s (shard %s)", r.EndedBy, r.EndedAt.Sub(r.StartedAt).Round(1e7), r.Shard),
	}
	for _, line := range lines {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return fmt.Errorf("summary: %w", err)
		}
	}
	return nil
}

func sessionEnds(ends map[string]int) string {
	if len(ends) == 0 {
		return "none"
	}
	var parts []string
	for _, reason := range slices.Sorted(maps.Keys(ends)) {
		parts = append(parts, fmt.Sprintf("%s %d", reason, ends[reason]))
	}
	return strings.Join(parts, ", ")
}
