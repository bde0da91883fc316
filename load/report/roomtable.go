package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/lkbot/lkbot/load/quality"
)

// MaxTableRooms bounds the rooms the summary's table lists one by one:
// with more, it shows those with the highest latency p95 and says how many
// it left out.
const MaxTableRooms = 20

// writeRoomTable writes a row per room and a total row: bots joined of
// planned, then join time, latency and per-track loss at p50/p95/p99, the
// median frames/s and the freezes. Every percentile is read from the
// room's histograms, so that a merge of shards reads the same way.
func writeRoomTable(w io.Writer, r *Report) error {
	rooms, left := worstRooms(r.Rooms, MaxTableRooms)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "room\tbots\tjoin ms p50/p95/p99\tlatency ms p50/p95/p99\tloss % p50/p95/p99\tfps p50\tfreezes")
	for _, room := range rooms {
		fmt.Fprintln(tw, tableRow(room.Name, room.Bots, room.Quality))
	}
	fmt.Fprintln(tw, tableRow("total", r.Totals.Bots, r.Totals.Quality))
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	if left > 0 {
		if _, err := fmt.Fprintf(w, "(%d more rooms not listed: the table shows the %d with the highest latency p95)\n", left, len(rooms)); err != nil {
			return fmt.Errorf("summary: %w", err)
		}
	}
	return nil
}

// worstRooms returns rooms as they are when there are at most n; else the
// n with the highest latency p95, highest first, and how many it left out.
func worstRooms(rooms []Room, n int) ([]Room, int) {
	if len(rooms) <= n {
		return rooms, 0
	}
	sorted := slices.Clone(rooms)
	slices.SortStableFunc(sorted, func(a, b Room) int {
		return cmp.Compare(latencyP95(b), latencyP95(a))
	})
	return sorted[:n], len(rooms) - n
}

func latencyP95(r Room) int64 {
	if r.Quality == nil {
		return 0
	}
	return r.Quality.Percentiles(quality.LatencyMs).P95
}

// tableRow is one line of the table, tab-separated; a figure with nothing
// measured reads "-".
func tableRow(name string, b Bots, q *quality.Aggregate) string {
	if q == nil {
		q = quality.New()
	}
	fps := "-"
	if p := q.Percentiles(quality.FPSCenti); p.Count > 0 {
		fps = fmt.Sprintf("%.1f", float64(p.P50)/100)
	}
	freezes := "-"
	if c := q.Counters(); c.VideoTracks > 0 {
		freezes = fmt.Sprint(c.Freezes)
	}
	return fmt.Sprintf("%s\t%d/%d\t%s\t%s\t%s\t%s\t%s", name, b.Joined, b.Planned,
		triple(q.Percentiles(quality.JoinMs), func(v int64) string { return fmt.Sprint(v) }),
		triple(q.Percentiles(quality.LatencyMs), func(v int64) string { return fmt.Sprint(v) }),
		triple(q.Percentiles(quality.LossPPM), func(v int64) string { return fmt.Sprintf("%.2f", float64(v)/1e4) }),
		fps, freezes)
}

// triple writes p50/p95/p99 with format, or "-" when nothing was recorded.
func triple(p quality.Percentiles, format func(int64) string) string {
	if p.Count == 0 {
		return "-"
	}
	return format(p.P50) + "/" + format(p.P95) + "/" + format(p.P99)
}
