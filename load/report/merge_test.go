package report

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// shardReports are sampleResult's run split in n shards, each shard's
// report read back from its JSON as merge would read the files.
func shardReports(t *testing.T, n int) []*Report {
	t.Helper()
	var out []*Report
	for i := range n {
		data, err := json.Marshal(Build(shardResult(load.Shard{Index: i, Count: n}), "lkbot test"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestMergeEqualsWhole: the shards of a run, given in any order, merge to
// the counts, rooms and percentiles of the run made by one process, with
// the broken threshold judged on the whole.
func TestMergeEqualsWhole(t *testing.T) {
	whole := Build(sampleResult(), "lkbot test")
	shards := shardReports(t, 2)
	m, err := Merge(shards[1], shards[0])
	if err != nil {
		t.Fatal(err)
	}
	if m.Totals.Bots != whole.Totals.Bots || !mapsEqual(m.Totals.Failures, whole.Totals.Failures) || !mapsEqual(m.Totals.SessionEnds, whole.Totals.SessionEnds) {
		t.Fatalf("totals %+v, want %+v", m.Totals, whole.Totals)
	}
	if len(m.Rooms) != len(whole.Rooms) {
		t.Fatalf("%d rooms, want %d", len(m.Rooms), len(whole.Rooms))
	}
	for i, room := range m.Rooms {
		w := whole.Rooms[i]
		if room.Name != w.Name || room.Bots != w.Bots || !mapsEqual(room.Roles, w.Roles) || room.Quality.Counters() != w.Quality.Counters() {
			t.Errorf("room %+v, want %+v", room, w)
		}
		if room.JoinSeconds != joinSecondsOf(w.Quality) {
			t.Errorf("room %s join seconds %+v, want %+v", room.Name, room.JoinSeconds, joinSecondsOf(w.Quality))
		}
	}
	for _, metric := range quality.Metrics() {
		if got, want := m.Totals.Quality.Percentiles(metric), whole.Totals.Quality.Percentiles(metric); got != want {
			t.Errorf("%s: merged %+v, whole %+v", metric.Name, got, want)
		}
	}
	// The histogram's join times: 0.1, 0.2, 0.3 and 0.5 s, as the whole
	// run's exact ones.
	if j := m.Totals.JoinSeconds; j.Count != 4 || j.P50 != whole.Totals.JoinSeconds.P50 || j.Max != whole.Totals.JoinSeconds.Max {
		t.Errorf("join seconds %+v, whole %+v", j, whole.Totals.JoinSeconds)
	}
	if !slices.Equal(m.Thresholds, whole.Thresholds) {
		t.Errorf("thresholds %+v, want %+v", m.Thresholds, whole.Thresholds)
	}
	if m.Shard != load.Whole || m.Config["shard"] != "0/1" || m.Merged == nil || !slices.Equal(m.Merged.Shards, []int{0, 1}) || len(m.Merged.Missing) != 0 {
		t.Errorf("shard %v, config shard %v, merged %+v", m.Shard, m.Config["shard"], m.Merged)
	}
	if len(m.Failures) != 1 || !slices.Equal(m.Impaired, whole.Impaired) {
		t.Errorf("failures %+v, impaired %v", m.Failures, m.Impaired)
	}
	// Both shards ran the same timeline: 0.1 joins apart, 1 s long.
	if m.Totals.JoinsPerSecond != 4 || m.Totals.AttemptsPerSecond < 9.99 || m.Totals.AttemptsPerSecond > 10.01 {
		t.Errorf("%g joins/s, %g attempts/s; want 4 (4 joins in 1 s) and 10", m.Totals.JoinsPerSecond, m.Totals.AttemptsPerSecond)
	}
	if _, err := json.Marshal(m); err != nil {
		t.Fatal(err)
	}
}

func mapsEqual[K comparable](a, b map[K]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// TestMergeSeries: samples of the same second add up; the merged interval
// latency is the shards' highest, an upper bound.
func TestMergeSeries(t *testing.T) {
	shards := shardReports(t, 2)
	shards[1].Series[1].LatencyP95Ms = 90
	m, err := Merge(shards...)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Series) != 3 {
		t.Fatalf("%d samples, want 3", len(m.Series))
	}
	s := m.Series[1]
	if s.Elapsed != time.Second || s.Planned != 6 || s.Traffic.Bytes != 250_000 || s.Traffic.Seconds != 1 || s.Traffic.BitrateBps() != 2e6 || s.LatencyP95Ms != 90 || s.LatencyCount != 100 {
		t.Fatalf("sample %+v", s)
	}
	if shards[0].Series[1].Traffic.Bytes != 125_000 {
		t.Fatal("Merge changed a shard's report")
	}
}

// TestMergePartial: merging some shards is allowed, and says which are
// missing.
func TestMergePartial(t *testing.T) {
	shards := shardReports(t, 3)
	m, err := Merge(shards[0], shards[2])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Merged.Shards, []int{0, 2}) || !slices.Equal(m.Merged.Missing, []int{1}) || m.Merged.Count != 3 {
		t.Fatalf("merged %+v", m.Merged)
	}
	var out strings.Builder
	if err := WriteSummary(&out, m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(merged shards 0, 2 of 3)") || !strings.HasSuffix(out.String(), "INCOMPLETE: shards 1 of 3 are missing from this merge\n") {
		t.Fatalf("summary:\n%s", out.String())
	}
}

// TestMergeRefuses: reports that are not the shards of one run are
// refused with one line that says why.
func TestMergeRefuses(t *testing.T) {
	two, three := shardReports(t, 2), shardReports(t, 3)
	otherRun := shardReports(t, 2)[1]
	otherRun.Config["rooms"] = 4
	merged, err := Merge(two...)
	if err != nil {
		t.Fatal(err)
	}
	otherPath := shardReports(t, 2)[1]
	otherPath.Config["report_json"], otherPath.Config["log_level"] = "/reports/shard-1.json", "debug"
	if _, err := Merge(two[0], otherPath); err != nil {
		t.Fatalf("shards that write their reports elsewhere: %v", err)
	}
	for _, tt := range []struct {
		name    string
		reports []*Report
		want    string
	}{
		{"none", nil, "no report to merge"},
		{"another run", []*Report{two[0], otherRun}, "the configs of shards 0/2 and 1/2 differ in rooms (2, 4)"},
		{"other shard counts", []*Report{two[0], three[1]}, "shard 1/3 is of a run split in 3, shard 0/2 of one split in 2"},
		{"a shard twice", []*Report{two[0], two[0]}, "shard 0/2 is given twice"},
		{"a merge", []*Report{merged, two[0]}, "report 1 is already a merge (of shards 0, 1 of 2)"},
		{"a bad shard", []*Report{{Shard: load.Shard{Index: 2, Count: 2}}}, "shard 2/2 is not I/N"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.reports...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Merge: %v, want one line with %q", err, tt.want)
			}
		})
	}
	if _, err := Merge(two[0], otherRun); !errors.Is(err, ErrMismatch) {
		t.Fatalf("another run: %v, want ErrMismatch", err)
	}
}

// FuzzMerge: any two reports that decode merge or are refused, without a
// panic.
func FuzzMerge(f *testing.F) {
	for i := range 2 {
		data, _ := json.Marshal(Build(shardResult(load.Shard{Index: i, Count: 2}), "lkbot test"))
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err != nil {
			return
		}
		other := *r
		other.Shard.Index = (r.Shard.Index + 1) % max(r.Shard.Count, 1)
		if m, err := Merge(r, &other); err == nil {
			var out strings.Builder
			_ = WriteSummary(&out, m)
		}
	})
}
