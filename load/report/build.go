package report

import (
	"slices"
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// Build makes the report of res; generator names the lkbot that ran it.
func Build(res *load.Result, generator string) *Report {
	r := &Report{
		Schema:      Schema,
		Generator:   generator,
		Config:      configOf(res.Config),
		Shard:       res.Shard,
		StartedAt:   res.StartedAt.UTC(),
		RampEndedAt: res.RampEndedAt.UTC(),
		EndedAt:     res.EndedAt.UTC(),
		EndedBy:     res.EndedBy,
		Invalid:     res.Invalid,
		Rooms:       []Room{},
		Failures:    []Failure{},
		Thresholds:  []Threshold{},
		Impaired:    []string{},
		Series:      slices.Clone(res.Series),
	}
	if r.Series == nil {
		r.Series = []load.Sample{}
	}
	measured := res.Quality
	if measured == nil {
		measured = &quality.Rooms{}
	}
	n := res.Counts()
	r.Totals = Totals{
		Bots:              botsOf(n),
		Failures:          n.Failed,
		SessionEnds:       n.SessionEnds,
		JoinSeconds:       distributionOf(joinTimes(res.Outcomes)),
		AttemptsPerSecond: attemptRate(res.Outcomes),
		JoinsPerSecond:    joinRate(res.Outcomes),
		Quality:           measured.Total(),
	}
	r.Rooms = rooms(res.Outcomes, measured)
	for _, o := range res.Outcomes {
		if o.Started.IsZero() || o.Joined || o.Failure == load.FailureInterrupted {
			continue
		}
		if len(r.Failures) == MaxFailures {
			r.FailuresOmitted++
			continue
		}
		r.Failures = append(r.Failures, Failure{Identity: o.Member.Identity, Room: o.Member.Room, Role: o.Member.Role, Class: o.Failure, Error: o.Error})
	}
	for _, o := range res.Outcomes {
		if o.Impaired {
			r.Impaired = append(r.Impaired, o.Member.Identity)
		}
	}
	for _, t := range res.Thresholds() {
		r.Thresholds = append(r.Thresholds, Threshold(t))
	}
	return r
}

// configOf is every setting of c by its YAML key, without the secret
// ones; durations read as Go writes them (1m30s).
func configOf(c load.Config) map[string]any {
	out := map[string]any{}
	for _, f := range load.Settings().Fields(&c) {
		if f.Secret {
			continue
		}
		switch p := f.Ptr.(type) {
		case *time.Duration:
			out[f.Key] = p.String()
		case *string:
			out[f.Key] = *p
		case *int:
			out[f.Key] = *p
		case *float64:
			out[f.Key] = *p
		case *bool:
			out[f.Key] = *p
		case *[]string:
			out[f.Key] = slices.Clone(*p)
		case *map[string]string:
			out[f.Key] = *p
		}
	}
	if c.Shard == "" {
		out["shard"] = load.Whole.String()
	}
	return out
}

func botsOf(n load.Counts) Bots {
	return Bots{Planned: n.Planned, Started: n.Started, Joined: n.Joined, Failed: n.FailedTotal(), Interrupted: n.Interrupted, NotStarted: n.NotStarted}
}

func joinTimes(outcomes []load.Outcome) []time.Duration {
	var out []time.Duration
	for _, o := range outcomes {
		if o.Joined {
			out = append(out, o.JoinTime)
		}
	}
	return out
}

// rooms groups the outcomes by room, in the order rooms first arrive, each
// with its quality from measured.
func rooms(outcomes []load.Outcome, measured *quality.Rooms) []Room {
	byName := map[string][]load.Outcome{}
	var names []string
	for _, o := range outcomes {
		if _, ok := byName[o.Member.Room]; !ok {
			names = append(names, o.Member.Room)
		}
		byName[o.Member.Room] = append(byName[o.Member.Room], o)
	}
	out := make([]Room, 0, len(names))
	for _, name := range names {
		os := byName[name]
		room := Room{Name: name, Roles: map[load.Role]int{}, Bots: botsOf(load.CountOutcomes(os)), JoinSeconds: distributionOf(joinTimes(os)), Quality: measured.Room(name).Clone()}
		for _, role := range load.Roles() {
			room.Roles[role] = 0
		}
		for _, o := range os {
			room.Roles[o.Member.Role]++
		}
		out = append(out, room)
	}
	return out
}

// attemptRate is how fast joins started: the started joins after the
// first over the time from the first start to the last; 0 with fewer than
// two.
func attemptRate(outcomes []load.Outcome) float64 {
	var first, last time.Time
	n := 0
	for _, o := range outcomes {
		if o.Started.IsZero() {
			continue
		}
		n++
		if first.IsZero() || o.Started.Before(first) {
			first = o.Started
		}
		last = later(last, o.Started)
	}
	if n < 2 || !last.After(first) {
		return 0
	}
	return float64(n-1) / last.Sub(first).Seconds()
}

// joinRate is the successful joins over the time from the first join's
// start to the last successful join's end.
func joinRate(outcomes []load.Outcome) float64 {
	var first, last time.Time
	n := 0
	for _, o := range outcomes {
		if o.Started.IsZero() {
			continue
		}
		if first.IsZero() || o.Started.Before(first) {
			first = o.Started
		}
		if o.Joined {
			n++
			last = later(last, o.Started.Add(o.JoinTime))
		}
	}
	if n == 0 || !last.After(first) {
		return 0
	}
	return float64(n) / last.Sub(first).Seconds()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
