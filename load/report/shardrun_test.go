package report_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/load/report"
)

// TestShardedRunsMergeToTheWholeRun: a run split in two shards that run
// together, merged, counts what the same run made by one process counts:
// bots by outcome, rooms with their roles and bots, received tracks and
// join times, room by room.
func TestShardedRunsMergeToTheWholeRun(t *testing.T) {
	lktest.SkipShort(t)
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	c := load.DefaultConfig()
	c.Bot.URL, c.Bot.APIKey, c.Bot.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	c.Rooms, c.AudioPublishers, c.Subscribers = 2, 1, 2
	c.Ramp, c.Duration, c.Warmup = 50, 3*time.Second, time.Second

	shards := make([]*report.Report, 2)
	var wg sync.WaitGroup
	for i := range shards {
		sc := c
		sc.Shard = load.Shard{Index: i, Count: 2}.String()
		r, err := load.NewRunner(load.Params{Config: sc})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			shards[i] = report.Build(r.Run(t.Context()), "lkbot test")
		}()
	}
	wg.Wait()
	r, err := load.NewRunner(load.Params{Config: c})
	if err != nil {
		t.Fatal(err)
	}
	whole := report.Build(r.Run(t.Context()), "lkbot test")
	merged, err := report.Merge(shards...)
	if err != nil {
		t.Fatal(err)
	}

	if got, want := merged.Totals.Bots, whole.Totals.Bots; got != want || want.Joined != 6 {
		t.Errorf("bots %+v, whole run %+v (want 6 joined)", got, want)
	}
	if got, want := counts(merged.Totals.Quality), counts(whole.Totals.Quality); got != want || want.tracks != 4 || want.joins != 6 {
		t.Errorf("totals %+v, whole run %+v (want 4 tracks, 6 joins)", got, want)
	}
	if merged.Totals.JoinSeconds.Count != 6 {
		t.Errorf("join_seconds %+v, want 6 joins", merged.Totals.JoinSeconds)
	}
	if len(merged.Rooms) != len(whole.Rooms) {
		t.Fatalf("%d rooms, whole run %d", len(merged.Rooms), len(whole.Rooms))
	}
	for i, room := range merged.Rooms {
		w := whole.Rooms[i]
		if room.Name != w.Name || room.Bots != w.Bots || room.Roles[load.RoleSubscriber] != w.Roles[load.RoleSubscriber] || counts(room.Quality) != counts(w.Quality) {
			t.Errorf("room %s: bots %+v, %+v; whole run's %s: %+v, %+v", room.Name, room.Bots, counts(room.Quality), w.Name, w.Bots, counts(w.Quality))
		}
	}
	planned := 0
	for _, s := range merged.Series {
		planned = max(planned, s.Planned)
	}
	if planned != 6 {
		t.Errorf("the merged series plans at most %d bots, want both shards' 6", planned)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	lktest.WaitNoLeaks(t, ignore)
}

// measuredCounts are what must add up across shards exactly.
type measuredCounts struct{ tracks, videoTracks, joins int64 }

func counts(q *quality.Aggregate) measuredCounts {
	c := q.Counters()
	return measuredCounts{tracks: int64(c.Tracks), videoTracks: int64(c.VideoTracks), joins: q.Percentiles(quality.JoinMs).Count}
}
