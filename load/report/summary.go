package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// WriteSummary writes a few plain lines that say how the run went: bots,
// join times and rates, the received tracks' latency and loss after the
// warm-up, session ends and how it ended; then a table of each room and
// the total (see writeRoomTable); last, a merge's missing shards, and a
// line starting with INVALID: when the figures cannot be trusted.
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
	}
	lines = append(lines, qualityLines(t.Quality)...)
	lines = append(lines,
		"session ends: "+sessionEnds(t.SessionEnds),
		fmt.Sprintf("ended by %s after %s (%s)", r.EndedBy, r.EndedAt.Sub(r.StartedAt).Round(1e7), shardText(r)),
	)
	if err := writeLines(w, lines...); err != nil {
		return err
	}
	if err := writeRoomTable(w, r); err != nil {
		return err
	}
	var last []string
	if m := r.Merged; m != nil && len(m.Missing) > 0 {
		last = append(last, fmt.Sprintf("INCOMPLETE: shards %s of %d are missing from this merge", indexList(m.Missing), m.Count))
	}
	if r.Invalid != "" {
		last = append(last, "INVALID: "+r.Invalid)
	}
	return writeLines(w, last...)
}

func writeLines(w io.Writer, lines ...string) error {
	for _, line := range lines {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return fmt.Errorf("summary: %w", err)
		}
	}
	return nil
}

// shardText says what share of the run the report holds: a shard, or the
// shards a merge holds.
func shardText(r *Report) string {
	if m := r.Merged; m != nil {
		return fmt.Sprintf("merged shards %s of %d", indexList(m.Shards), m.Count)
	}
	return "shard " + r.Shard.String()
}

// indexList writes shard indexes as 0, 2, 5.
func indexList(indexes []int) string {
	parts := make([]string, len(indexes))
	for i, n := range indexes {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
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

// qualityLines are the received tracks' latency and loss: percentiles
// from the histograms, and the loss of all packets from the counters.
func qualityLines(a *quality.Aggregate) []string {
	if a == nil || a.Counters().Tracks == 0 {
		return []string{"quality: no track measured after the warm-up"}
	}
	c, l, loss := a.Counters(), a.Percentiles(quality.LatencyMs), a.Percentiles(quality.LossPPM)
	lines := []string{
		fmt.Sprintf("latency: p50 %dms, p95 %dms, p99 %dms, max %dms (%d frames and audio packets)", l.P50, l.P95, l.P99, l.Max, l.Count),
	}
	if d := a.Percentiles(quality.DecodedLatencyMs); d.Count > 0 {
		lines = append(lines, fmt.Sprintf("decoded latency: p50 %dms, p95 %dms, p99 %dms, max %dms (%d decoded frames); p50 %+dms, p95 %+dms from the sender reports' figure",
			d.P50, d.P95, d.P99, d.Max, d.Count, d.P50-l.P50, d.P95-l.P95))
	}
	return append(lines,
		fmt.Sprintf("loss per track: p50 %s, p95 %s, p99 %s; all packets %s after repair, %s before (%d tracks, %d video, %d freezes)",
			percent(loss.P50), percent(loss.P95), percent(loss.P99), percent(int64(c.Loss()*1e6)), percent(int64(c.LossBeforeRepair()*1e6)), c.Tracks, c.VideoTracks, c.Freezes),
	)
}

// percent writes parts per million as a percentage.
func percent(ppm int64) string { return fmt.Sprintf("%.2f%%", float64(ppm)/1e4) }
