package report

import (
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

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
