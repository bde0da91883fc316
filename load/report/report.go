package report

import (
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// Schema names this version of the JSON report. A change that removes or
// redefines a field makes a new version; adding a field does not.
const Schema = "lkbot.load/v1"

// MaxFailures bounds the failed joins the report lists one by one; the
// counts include them all.
const MaxFailures = 100

// Report is one shard's run, or several shards' merged (Merge), as the
// JSON report holds it. README's
// "JSON report" section documents every field.
type Report struct {
	Schema    string `json:"schema"`
	Generator string `json:"generator"`
	// Config is every setting of the run by its YAML key, secrets left
	// out.
	Config      map[string]any `json:"config"`
	Shard       load.Shard     `json:"shard"`
	StartedAt   time.Time      `json:"started_at"`
	RampEndedAt time.Time      `json:"ramp_ended_at"`
	EndedAt     time.Time      `json:"ended_at"`
	EndedBy     string         `json:"ended_by"`
	// Invalid says why the figures measure the generator rather than the
	// server (it was saturated); empty when they can be trusted.
	Invalid string `json:"invalid"`
	// Merged says which shards a merged report holds; a shard's own
	// report has none.
	Merged   *Merged   `json:"merged,omitempty"`
	Totals   Totals    `json:"totals"`
	Rooms    []Room    `json:"rooms"`
	Failures []Failure `json:"failures"`
	// FailuresOmitted counts failed joins beyond MaxFailures.
	FailuresOmitted int         `json:"failures_omitted"`
	Thresholds      []Threshold `json:"thresholds"`
	// Impaired names the bots --impair applied to, in arrival order (by
	// name in a merge).
	Impaired []string `json:"impaired"`
	// Series is the run sampled about once a second, oldest first.
	Series []load.Sample `json:"series"`
}

// Merged is what a merge of shards' reports (Merge) was made of.
type Merged struct {
	// Count is the run's number of shards.
	Count int `json:"count"`
	// Shards are the indexes of the shards merged, and Missing those of
	// the run's shards that were not: a partial merge says so.
	Shards  []int `json:"shards"`
	Missing []int `json:"missing"`
}

// Totals are the whole shard's figures.
type Totals struct {
	Bots Bots `json:"bots"`
	// Failures counts failed joins by class: refused, unreachable, other.
	Failures map[load.Failure]int `json:"failures"`
	// SessionEnds counts sessions the server or the network ended, by
	// LiveKit's disconnect reason.
	SessionEnds map[string]int `json:"session_ends"`
	// JoinSeconds is the time each successful join took.
	JoinSeconds Distribution `json:"join_seconds"`
	// AttemptsPerSecond is the rate at which joins started; it shows
	// that the ramp kept its schedule.
	AttemptsPerSecond float64 `json:"attempts_per_second"`
	// JoinsPerSecond is the rate the server sustained: successful joins
	// over the time from the first join's start to the last one's end.
	JoinsPerSecond float64 `json:"joins_per_second"`
	// Quality is every room's Quality merged.
	Quality *quality.Aggregate `json:"quality"`
}

// Bots counts bots by what happened to them.
type Bots struct {
	Planned     int `json:"planned"`
	Started     int `json:"started"`
	Joined      int `json:"joined"`
	Failed      int `json:"failed"`
	Interrupted int `json:"interrupted"`
	NotStarted  int `json:"not_started"`
}

// Room is one room's share of the shard.
type Room struct {
	Name string `json:"name"`
	// Roles counts the room's planned bots by role.
	Roles       map[load.Role]int `json:"roles"`
	Bots        Bots              `json:"bots"`
	JoinSeconds Distribution      `json:"join_seconds"`
	// Quality holds the room's join times (join_ms) and the quality of
	// the tracks its bots received after the warm-up: counters and
	// encoded histograms, mergeable across shards.
	Quality *quality.Aggregate `json:"quality"`
}

// Failure is one failed join.
type Failure struct {
	Identity string       `json:"identity"`
	Room     string       `json:"room"`
	Role     load.Role    `json:"role"`
	Class    load.Failure `json:"class"`
	Error    string       `json:"error"`
}

// Threshold is one configured threshold and how the run stood against it.
type Threshold struct {
	Name     string  `json:"name"`
	Limit    float64 `json:"limit"`
	Measured float64 `json:"measured"`
	OK       bool    `json:"ok"`
}
