package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lkbot/lkbot/load"
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
