package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// Merge combines the reports of one run's shards into the report of the
// run, as one process would have written it: counts are summed, and
// every percentile is read again from the merged histograms, never
// averaged. Merging some of the shards is allowed; the result's Merged
// says which are missing. Reports that are not the shards of one run are
// refused (see checkShards); the reports given are not changed.
func Merge(reports ...*Report) (*Report, error) {
	if err := checkShards(reports); err != nil {
		return nil, err
	}
	shards := slices.SortedFunc(slices.Values(reports), func(a, b *Report) int { return cmp.Compare(a.Shard.Index, b.Shard.Index) })
	first := shards[0]
	out := &Report{
		Schema:     Schema,
		Generator:  distinct(shards, func(r *Report) string { return r.Generator }),
		Config:     maps.Clone(first.Config),
		Shard:      load.Whole,
		EndedBy:    endedBy(shards),
		Invalid:    invalidity(shards),
		Merged:     mergedOf(shards),
		Rooms:      mergeRooms(shards),
		Failures:   []Failure{},
		Thresholds: []Threshold{},
		Impaired:   []string{},
		Series:     mergeSeries(shards),
	}
	out.Config["shard"] = load.Whole.String()
	for _, r := range shards {
		out.StartedAt = earliest(out.StartedAt, r.StartedAt)
		out.RampEndedAt = later(out.RampEndedAt, r.RampEndedAt)
		out.EndedAt = later(out.EndedAt, r.EndedAt)
		out.Impaired = append(out.Impaired, r.Impaired...)
		out.FailuresOmitted += r.FailuresOmitted
		for _, f := range r.Failures {
			if len(out.Failures) == MaxFailures {
				out.FailuresOmitted++
				continue
			}
			out.Failures = append(out.Failures, f)
		}
	}
	slices.SortFunc(out.Impaired, naturalCompare)
	out.Totals = mergeTotals(shards, out.StartedAt, out.RampEndedAt)
	out.Thresholds = judge(first.Thresholds, out.Totals)
	return out, nil
}

// mergeTotals sums the shards' totals; the join times are read from the
// merged join_ms histogram.
func mergeTotals(shards []*Report, start, rampEnd time.Time) Totals {
	t := Totals{Failures: map[load.Failure]int{}, SessionEnds: map[string]int{}, Quality: quality.New()}
	for _, f := range load.Failures() {
		t.Failures[f] = 0
	}
	for _, r := range shards {
		t.Bots.add(r.Totals.Bots)
		for f, n := range r.Totals.Failures {
			t.Failures[f] += n
		}
		for reason, n := range r.Totals.SessionEnds {
			t.SessionEnds[reason] += n
		}
		if r.Totals.Quality != nil {
			t.Quality.Merge(r.Totals.Quality)
		}
	}
	t.JoinSeconds = joinSecondsOf(t.Quality)
	t.AttemptsPerSecond = mergedAttemptRate(shards)
	// Summing the shards' rates would count twice the seconds in which
	// they ran together: the rate is the joins over the union of their
	// spans, from the earliest start to the latest ramp end.
	if span := rampEnd.Sub(start).Seconds(); span > 0 {
		t.JoinsPerSecond = float64(t.Bots.Joined) / span
	}
	return t
}

// mergedAttemptRate is the started joins over the union of the shards'
// attempt spans. Arrival n is due n/ramp after the start, so shard I's
// first attempt is I/ramp in; its span follows from its own measured
// rate.
func mergedAttemptRate(shards []*Report) float64 {
	ramp, _ := shards[0].Config["ramp"].(float64)
	var from, to time.Time
	started := 0
	for _, r := range shards {
		n, rate := r.Totals.Bots.Started, r.Totals.AttemptsPerSecond
		if n == 0 {
			continue
		}
		started += n
		first := r.StartedAt
		if ramp > 0 {
			first = first.Add(seconds(float64(r.Shard.Index) / ramp))
		}
		last := first
		if n > 1 && rate > 0 {
			last = last.Add(seconds(float64(n-1) / rate))
		}
		from, to = earliest(from, first), later(to, last)
	}
	if started < 2 || !to.After(from) {
		return 0
	}
	return float64(started-1) / to.Sub(from).Seconds()
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// mergeRooms merges each room's share of every shard, rooms in natural
// order of their names (load-2 before load-10).
func mergeRooms(shards []*Report) []Room {
	byName := map[string]*Room{}
	for _, r := range shards {
		for _, room := range r.Rooms {
			m := byName[room.Name]
			if m == nil {
				m = &Room{Name: room.Name, Roles: map[load.Role]int{}, Quality: quality.New()}
				byName[room.Name] = m
			}
			for role, n := range room.Roles {
				m.Roles[role] += n
			}
			m.Bots.add(room.Bots)
			if room.Quality != nil {
				m.Quality.Merge(room.Quality)
			}
		}
	}
	out := make([]Room, 0, len(byName))
	for _, name := range slices.SortedFunc(maps.Keys(byName), naturalCompare) {
		room := byName[name]
		room.JoinSeconds = joinSecondsOf(room.Quality)
		out = append(out, *room)
	}
	return out
}

// joinSecondsOf reads the join times from an aggregate's join_ms
// histogram: within 0.1%, at millisecond resolution, rejoins (--churn)
// included. A shard's own report has the exact times of first joins,
// which a merge does not.
func joinSecondsOf(q *quality.Aggregate) Distribution {
	p := q.Percentiles(quality.JoinMs)
	ms := func(v int64) float64 { return float64(v) / 1000 }
	return Distribution{Count: int(p.Count), P50: ms(p.P50), P95: ms(p.P95), P99: ms(p.P99), Max: ms(p.Max)}
}

// judge judges the configured thresholds again on the merged figures.
func judge(shardThresholds []Threshold, t Totals) []Threshold {
	limits := make([]load.Threshold, 0, len(shardThresholds))
	for _, th := range shardThresholds {
		limits = append(limits, load.Threshold{Name: th.Name, Limit: th.Limit})
	}
	out := []Threshold{}
	for _, th := range load.Judge(limits, load.MeasuredOf(t.Bots.Failed, t.Quality)) {
		out = append(out, Threshold(th))
	}
	return out
}

// mergedOf says which of the run's shards the merge holds.
func mergedOf(shards []*Report) *Merged {
	m := &Merged{Count: shards[0].Shard.Count, Shards: []int{}, Missing: []int{}}
	have := map[int]bool{}
	for _, r := range shards {
		m.Shards = append(m.Shards, r.Shard.Index)
		have[r.Shard.Index] = true
	}
	for i := range m.Count {
		if !have[i] {
			m.Missing = append(m.Missing, i)
		}
	}
	return m
}

// endedBy is how the run ended: by a signal if any shard was stopped, else
// by its duration if any shard's bots stayed, else as the first shard did.
func endedBy(shards []*Report) string {
	for _, end := range []string{load.EndSignal, load.EndDuration} {
		for _, r := range shards {
			if r.EndedBy == end {
				return end
			}
		}
	}
	return shards[0].EndedBy
}

// invalidity names each invalid shard and why.
func invalidity(shards []*Report) string {
	var parts []string
	for _, r := range shards {
		if r.Invalid != "" {
			parts = append(parts, fmt.Sprintf("shard %s: %s", r.Shard, r.Invalid))
		}
	}
	return strings.Join(parts, "; ")
}

// distinct joins the different values of field, in order, with "; ".
func distinct(shards []*Report, field func(*Report) string) string {
	var values []string
	for _, r := range shards {
		if v := field(r); !slices.Contains(values, v) {
			values = append(values, v)
		}
	}
	return strings.Join(values, "; ")
}

func (b *Bots) add(o Bots) {
	b.Planned += o.Planned
	b.Started += o.Started
	b.Joined += o.Joined
	b.Failed += o.Failed
	b.Interrupted += o.Interrupted
	b.NotStarted += o.NotStarted
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}
