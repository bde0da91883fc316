package load

import (
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/load/quality"
)

// TestChurnChatAndStartAt: a run that starts at a given time starts no
// join before it; --churn makes bots leave and join again, each rejoin a
// join of its own; --data-rate's chat messages reach the room's other
// bots, each timed.
func TestChurnChatAndStartAt(t *testing.T) {
	srv := lktest.Start(t)
	c := serverConfig(srv)
	c.AudioPublishers, c.Subscribers = 1, 2
	c.Duration, c.Warmup = 6*time.Second, 0
	c.Churn, c.DataRate = 60, 4 // a bot a second; 4 messages a second
	start := time.Now().Add(1500 * time.Millisecond).Truncate(time.Millisecond)
	c.StartAt = start.Format(time.RFC3339Nano)
	r, err := NewRunner(Params{Config: c})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Run(t.Context())
	if !res.StartedAt.Equal(start) {
		t.Errorf("started at %s, want %s", res.StartedAt, start)
	}
	rejoins := 0
	for _, o := range res.Outcomes {
		if o.Started.Before(start) {
			t.Errorf("%s started at %s, before the start time %s", o.Member.Identity, o.Started, start)
		}
		if !o.Joined || o.RejoinFailures != 0 {
			t.Errorf("%s: joined %v, %d rejoins failed: %s", o.Member.Identity, o.Joined, o.RejoinFailures, o.Error)
		}
		rejoins += o.Rejoins
	}
	q := res.Quality.Total()
	joins := q.Percentiles(quality.JoinMs).Count
	last := res.Series[len(res.Series)-1]
	t.Logf("%d rejoins, %d joins timed, series: %d samples, last %+v", rejoins, joins, len(res.Series), last.ChurnsTotal)
	// Six seconds at one a second: the ticker's first tick comes a second
	// after the ramp, so 4 to 6 depending on when the last tick falls.
	if rejoins < 4 || rejoins > 6 || last.ChurnsTotal != rejoins {
		t.Errorf("%d rejoins (series says %d), want 4 to 6", rejoins, last.ChurnsTotal)
	}
	if joins != int64(3+rejoins) || last.JoinsTotal != 3+rejoins {
		t.Errorf("%d joins timed, %d in the series; want 3 first joins and %d rejoins", joins, last.JoinsTotal, rejoins)
	}
	counters := q.Counters()
	delivery := q.Percentiles(quality.DataDeliveryMs)
	t.Logf("chat: %d sent, %d received, delivery p50 %d ms, p95 %d ms", counters.DataSent, counters.DataReceived, delivery.P50, delivery.P95)
	// Each message reaches the 2 other bots, unless one of them is away
	// rejoining at that moment.
	if counters.DataSent < 15 || counters.DataReceived < counters.DataSent || counters.DataReceived > 2*counters.DataSent {
		t.Errorf("chat: %d sent, %d received; want about 24 sent, each received by up to 2", counters.DataSent, counters.DataReceived)
	}
	if delivery.Count != int64(counters.DataReceived) || delivery.P95 <= 0 || delivery.P95 > 1000 {
		t.Errorf("delivery times %+v for %d receipts", delivery, counters.DataReceived)
	}
}
