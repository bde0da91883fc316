package load

import (
	"time"

	"github.com/lkbot/lkbot/load/quality"
)

// Outcome is what happened to one bot of the plan.
type Outcome struct {
	Member Member
	// Impaired says --impair applies to this bot (see ImpairedArrivals).
	Impaired bool
	// Started is when its join began; zero if the run ended before its
	// turn came.
	Started time.Time
	// JoinTime is how long joining took (bot.Connect: signalling, ICE and
	// publishing its tracks), successful or not.
	JoinTime time.Duration
	Joined   bool
	// Failure and Error say why it did not join; Error is one line with
	// no secret in it.
	Failure Failure
	Error   string
	// SessionEnd is LiveKit's disconnect reason when the server or the
	// network ended its session before the run let it go.
	SessionEnd string
	// Rejoins counts the times --churn made the bot leave and join
	// again; RejoinFailures, the rejoins that failed (the bot then stays
	// out).
	Rejoins, RejoinFailures int
	Left                    time.Time
}

// Result is a finished run of one shard.
type Result struct {
	Config Config
	Shard  Shard
	// StartedAt is when the ramp began; RampEndedAt, when the last join
	// had finished; EndedAt, when the last bot had left.
	StartedAt, RampEndedAt, EndedAt time.Time
	// EndedBy says what ended the stay: EndDuration, EndSignal or
	// EndNoBotJoined.
	EndedBy string
	// Outcomes lists every bot of this shard's plan, in arrival order.
	Outcomes []Outcome
	// Quality holds, per room, every successful join's time and the
	// quality of every track the bots received after the warm-up (see
	// measurement).
	Quality *quality.Rooms
	// Series is the run sampled about once a second (see Sample), oldest
	// first; at most 2×MaxSeries samples.
	Series []Sample
	// Invalid says why the figures measure the generator rather than the
	// server (it was saturated); empty when they can be trusted.
	Invalid string
}

// How a run's stay ended.
const (
	EndDuration    = "duration"
	EndSignal      = "signal"
	EndNoBotJoined = "no_bot_joined"
)

// Counts are a run's bots by what happened to them.
type Counts struct {
	Planned, Started, Joined, NotStarted, Interrupted int
	// Failed counts the failures of each class that counts against
	// --max-join-failures.
	Failed map[Failure]int
	// SessionEnds counts sessions the server or the network ended, by
	// LiveKit's disconnect reason.
	SessionEnds map[string]int
}

// FailedTotal is the number of joins that failed, interruptions aside.
func (c Counts) FailedTotal() int {
	n := 0
	for _, v := range c.Failed {
		n += v
	}
	return n
}

// CountOutcomes counts outcomes.
func CountOutcomes(outcomes []Outcome) Counts {
	c := Counts{Planned: len(outcomes), Failed: map[Failure]int{}, SessionEnds: map[string]int{}}
	for _, f := range Failures() {
		c.Failed[f] = 0
	}
	for _, o := range outcomes {
		switch {
		case o.Started.IsZero():
			c.NotStarted++
			continue
		case o.Joined:
			c.Joined++
		case o.Failure == FailureInterrupted:
			c.Interrupted++
		default:
			c.Failed[o.Failure]++
		}
		c.Started++
		if o.SessionEnd != "" {
			c.SessionEnds[o.SessionEnd]++
		}
	}
	return c
}

// Counts counts the run's outcomes.
func (r *Result) Counts() Counts { return CountOutcomes(r.Outcomes) }
