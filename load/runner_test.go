package load

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/bot"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/lktest"
)

// serverConfig is a small run against srv: publishers send 320x180 at 15
// frames/s so that the test leaves the machine's cores to the server.
func serverConfig(srv *lktest.Server) Config {
	c := DefaultConfig()
	c.Bot.URL, c.Bot.APIKey, c.Bot.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	c.Bot.Resolution, c.Bot.FPS, c.Bot.Simulcast = "320x180", 15, false
	c.Ramp = 50
	return c
}

// seen is who the server's API lists in each room: identity to the
// sources of its tracks, sorted.
type seen map[string]map[string][]string

// watchServer asks the server's API who is in each room until it lists
// exactly want (identity to sources), or fails after a deadline. It also
// fails at once if the server ever lists someone want lacks.
func watchServer(t *testing.T, srv *lktest.Server, want seen) {
	t.Helper()
	client, err := admin.NewClient(admin.Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var last seen
	for ctx.Err() == nil {
		last = seen{}
		for room := range want {
			people, err := client.ListParticipants(ctx, room)
			if err != nil && !errors.Is(err, admin.ErrNotFound) {
				t.Fatalf("list %s: %v", room, err)
			}
			last[room] = map[string][]string{}
			for _, p := range people {
				if _, ok := want[room][p.Identity]; !ok {
					t.Fatalf("the server lists %s in %s, which the plan does not put there", p.Identity, room)
				}
				var sources []string
				for _, tr := range p.Tracks {
					sources = append(sources, tr.Source)
				}
				sort.Strings(sources)
				last[room][p.Identity] = sources
			}
		}
		if sameSeen(last, want) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the server lists %v, want %v", last, want)
}

func sameSeen(a, b seen) bool {
	return maps.EqualFunc(a, b, func(x, y map[string][]string) bool {
		return maps.EqualFunc(x, y, func(s, u []string) bool { return slices.Equal(s, u) })
	})
}

// planned is what the server should list for a plan.
func planned(plan []Member) seen {
	out := seen{}
	for _, m := range plan {
		if out[m.Room] == nil {
			out[m.Room] = map[string][]string{}
		}
		switch m.Role {
		case RolePublisher:
			out[m.Room][m.Identity] = []string{"camera", "microphone"}
		case RoleAudioPublisher:
			out[m.Room][m.Identity] = []string{"microphone"}
		default:
			out[m.Room][m.Identity] = nil
		}
	}
	return out
}

// TestRunJoinsThePlan: every bot of the plan joins its room with its
// role's tracks, as the server's API sees it; a bot the server removes is
// counted as a session end; on the run's end every bot leaves, and nothing
// the run started is still running.
func TestRunJoinsThePlan(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	c := serverConfig(srv)
	c.Rooms, c.Publishers, c.AudioPublishers, c.Subscribers = 2, 1, 1, 2
	var joined sync.Map // identity to its bot
	r, err := NewRunner(Params{Config: c, Hooks: Hooks{Joined: func(m Member, b *bot.Bot) { joined.Store(m.Identity, b) }}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan *Result, 1)
	go func() { done <- r.Run(ctx) }()

	watchServer(t, srv, planned(r.Plan()))
	client, _ := admin.NewClient(admin.Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret()})
	if _, err := client.RemoveParticipant(t.Context(), "load-2", "load-2-sub-1"); err != nil {
		t.Fatal(err)
	}
	after := planned(r.Plan())
	delete(after["load-2"], "load-2-sub-1")
	watchServer(t, srv, after)
	removed, _ := joined.Load("load-2-sub-1")
	select {
	case <-removed.(*bot.Bot).Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the removed bot's session did not end")
	}
	cancel()
	res := <-done

	n := res.Counts()
	if n.Planned != 8 || n.Joined != 8 || n.FailedTotal() != 0 || n.SessionEnds["PARTICIPANT_REMOVED"] != 1 || len(n.SessionEnds) != 1 {
		t.Fatalf("counts %+v", n)
	}
	for _, o := range res.Outcomes {
		if _, ok := joined.Load(o.Member.Identity); !ok || o.JoinTime <= 0 || o.Left.Before(o.Started) {
			t.Errorf("%s: joined hook %v, join time %s", o.Member.Identity, ok, o.JoinTime)
		}
		if (o.SessionEnd != "") != (o.Member.Identity == "load-2-sub-1") {
			t.Errorf("%s: session end %q", o.Member.Identity, o.SessionEnd)
		}
	}
	if res.EndedBy != EndSignal || !res.RampEndedAt.After(res.StartedAt) || res.EndedAt.Before(res.RampEndedAt) {
		t.Errorf("ended by %s, times %s %s %s", res.EndedBy, res.StartedAt, res.RampEndedAt, res.EndedAt)
	}
	watchServer(t, srv, seen{"load-1": {}, "load-2": {}})
	checkNoLeak(t, ignore)
}

// checkNoLeak allows pion's transports a moment to wind down after Close.
// The test's own API calls keep idle HTTP connections, which it closes.
func checkNoLeak(t *testing.T, ignore goleak.Option) {
	t.Helper()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	lktest.WaitNoLeaks(t, ignore)
}

// TestShardsMakeTheWholeRun: three shard runners at once make exactly the
// bots of one unsharded run, each once, and the server lists them all.
func TestShardsMakeTheWholeRun(t *testing.T) {
	srv := lktest.Start(t)
	c := serverConfig(srv)
	c.Rooms, c.AudioPublishers, c.Subscribers = 3, 1, 2
	c.Duration = time.Hour
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var wg sync.WaitGroup
	results := make([]*Result, 3)
	for i := range results {
		sc := c
		sc.Shard = strings.Join([]string{string(rune('0' + i)), "3"}, "/")
		r, err := NewRunner(Params{Config: sc})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = r.Run(ctx)
		}()
	}
	whole := Plan(&c, Whole)
	watchServer(t, srv, planned(whole))
	cancel()
	wg.Wait()
	var got []string
	for i, res := range results {
		if res.Shard != (Shard{Index: i, Count: 3}) {
			t.Errorf("result %d is shard %v", i, res.Shard)
		}
		for _, o := range res.Outcomes {
			if !o.Joined {
				t.Errorf("%s did not join: %s", o.Member.Identity, o.Error)
			}
			got = append(got, o.Member.Identity)
		}
	}
	var want []string
	for _, m := range whole {
		want = append(want, m.Identity)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("shards made %v, want %v", got, want)
	}
}

// TestJoinFailuresAreClassified: a wrong secret is refused, a closed port
// unreachable; the run ends without a stay and reports each bot's error
// in one line without the secret.
func TestJoinFailuresAreClassified(t *testing.T) {
	srv := lktest.Start(t)
	for _, tt := range []struct {
		name, url, secret string
		want              Failure
	}{
		{"wrong secret", srv.URL(), lktest.DistinctSecret, FailureRefused},
		{"closed port", "ws://127.0.0.1:1", srv.APISecret(), FailureUnreachable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := serverConfig(srv)
			c.Bot.URL, c.Bot.APISecret = tt.url, tt.secret
			c.Rooms, c.Subscribers, c.Duration = 2, 1, time.Hour
			r, err := NewRunner(Params{Config: c})
			if err != nil {
				t.Fatal(err)
			}
			res := r.Run(t.Context())
			if n := res.Counts(); n.Failed[tt.want] != 2 || n.FailedTotal() != 2 || res.EndedBy != EndNoBotJoined {
				t.Fatalf("counts %+v, ended by %s", n, res.EndedBy)
			}
			for _, o := range res.Outcomes {
				if o.Error == "" || strings.Contains(o.Error, "\n") || strings.Contains(o.Error, lktest.DistinctSecret) {
					t.Errorf("%s: error %q", o.Member.Identity, o.Error)
				}
			}
		})
	}
}

// TestCancelStopsTheRamp: when the run's context ends during the ramp,
// no further bot starts, the ones in the room leave, the report counts
// the rest as not started, and nothing the run started keeps running.
func TestCancelStopsTheRamp(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	c := serverConfig(srv)
	c.Rooms, c.Subscribers, c.Ramp, c.Duration = 2, 50, 20, time.Hour
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var once sync.Once
	r, err := NewRunner(Params{Config: c, Hooks: Hooks{Joined: func(Member, *bot.Bot) { once.Do(cancel) }}})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Run(ctx)
	n := res.Counts()
	if res.EndedBy != EndSignal || n.Joined < 1 || n.NotStarted < 1 || n.FailedTotal() != 0 || n.Joined+n.Interrupted+n.NotStarted != 100 {
		t.Fatalf("ended by %s, counts %+v", res.EndedBy, n)
	}
	for _, o := range res.Outcomes {
		if o.Joined && o.Left.IsZero() {
			t.Errorf("%s joined and never left", o.Member.Identity)
		}
	}
	watchServer(t, srv, seen{"load-1": {}, "load-2": {}})
	checkNoLeak(t, ignore)
}
