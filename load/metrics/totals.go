package metrics

import (
	"github.com/lkbot/lkbot/load"
)

// shardTotals is the run as the latest sample left it, with the counters
// kept from ever going down.
type shardTotals struct {
	planned, joined                      int
	joinedByRole                         map[load.Role]int
	joins, failures, sessionEnds, churns int
	warm                                 bool
	generator                            load.Generator
}

// roomTotals is one room label's figures: the counters summed over every
// sample's interval, the gauges as the latest sample left them.
type roomTotals struct {
	joined, tracks int
	traffic        load.Traffic
}

// observe takes in s's shard-wide figures.
func (t *shardTotals) observe(s load.Sample) {
	t.planned, t.joined, t.warm, t.generator = s.Planned, s.Joined, s.Warm, s.Generator
	t.joinedByRole = make(map[load.Role]int, len(s.JoinedByRole))
	for role, n := range s.JoinedByRole {
		t.joinedByRole[role] = n
	}
	t.joins = max(t.joins, s.JoinsTotal)
	t.failures = max(t.failures, s.FailuresTotal)
	t.sessionEnds = max(t.sessionEnds, s.SessionEndsTotal)
	t.churns = max(t.churns, s.ChurnsTotal)
}
