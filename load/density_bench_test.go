package load_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/procstat"
	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/report"
)

// Environment variables that tune BenchmarkDensity: the numbers of
// subscribers it tries, comma-separated (default 100,300), and its ramp
// in joins per second (default 50).
const (
	densityEnv     = "LKBOT_DENSITY_SUBSCRIBERS"
	densityRampEnv = "LKBOT_DENSITY_RAMP"
)

// subscribersPerRoom: each room has one audio publisher and this many
// subscribers, as an audio-only meeting would.
const subscribersPerRoom = 9

// BenchmarkDensity measures what audio-only subscribers cost in one
// process: it joins one audio publisher per room, measures the process,
// then joins the subscribers and measures it again; the difference, per
// subscriber, is the figure. Run it alone, without -race:
//
//	go test -run '^$' -bench BenchmarkDensity -benchtime 1x ./load/
func BenchmarkDensity(b *testing.B) {
	sizes := []int{100, 300}
	if env := os.Getenv(densityEnv); env != "" {
		sizes = sizes[:0]
		for _, s := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < subscribersPerRoom {
				b.Fatalf("%s: %q is not a number of subscribers of at least %d", densityEnv, s, subscribersPerRoom)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			for range b.N {
				densityRun(b, n)
			}
		})
	}
}

func densityRun(b *testing.B, subscribers int) {
	srv := lktest.Start(b)
	rooms := (subscribers + subscribersPerRoom - 1) / subscribersPerRoom
	ctx, cancel := context.WithCancel(b.Context())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	pubs := densityConfig(srv, rooms)
	pubs.AudioPublishers = 1
	pubRes := startRun(ctx, b, &wg, pubs)
	waitJoined(b, pubRes, rooms, pubs.Ramp)
	before := sample(3 * time.Second)

	subs := densityConfig(srv, rooms)
	subs.Subscribers = subscribersPerRoom
	subRes := startRun(ctx, b, &wg, subs)
	waitJoined(b, subRes, rooms*subscribersPerRoom, subs.Ramp)
	after := sample(5 * time.Second)
	cancel()
	wg.Wait()

	res := <-subRes.result
	n := res.Counts()
	if n.Joined == 0 {
		b.Fatalf("no subscriber joined: %+v", n)
	}
	per := float64(n.Joined)
	b.ReportMetric(float64(n.Joined), "subscribers")
	b.ReportMetric(float64(n.FailedTotal()), "failed")
	b.ReportMetric(float64(after.goroutines-before.goroutines)/per, "goroutines/sub")
	b.ReportMetric(float64(after.rss-before.rss)/per, "rss-bytes/sub")
	b.ReportMetric(float64(after.fds-before.fds)/per, "fds/sub")
	b.ReportMetric(float64(after.heap-before.heap)/per, "heap-bytes/sub")
	b.ReportMetric((after.cores-before.cores)/per*1000, "millicores/sub")
	b.ReportMetric(report.Build(res, "").Totals.JoinsPerSecond, "joins/s")
	for _, o := range res.Outcomes {
		if o.Failure != "" && n.Failed[o.Failure] > 0 {
			b.Logf("%d joins failed as %s, such as %s: %s", n.Failed[o.Failure], o.Failure, o.Member.Identity, o.Error)
			n.Failed[o.Failure] = 0
		}
	}
	b.Logf("%d subscribers in %d rooms: %d goroutines and %.0f MiB RSS in all (%d and %.0f MiB with the publishers alone), %.2f cores",
		n.Joined, rooms, after.goroutines, float64(after.rss)/(1<<20), before.goroutines, float64(before.rss)/(1<<20), after.cores)
}

func densityConfig(srv *lktest.Server, rooms int) load.Config {
	c := load.DefaultConfig()
	c.Bot.URL, c.Bot.APIKey, c.Bot.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	c.Rooms, c.Ramp = rooms, 50
	if v, err := strconv.ParseFloat(os.Getenv(densityRampEnv), 64); err == nil && v >= load.MinRamp {
		c.Ramp = v
	}
	return c
}

// run is a Runner running on a goroutine of the benchmark's.
type run struct {
	joined atomic.Int64
	result chan *load.Result
}

func startRun(ctx context.Context, b *testing.B, wg *sync.WaitGroup, c load.Config) *run {
	r := &run{result: make(chan *load.Result, 1)}
	runner, err := load.NewRunner(load.Params{Config: c, Hooks: load.Hooks{Joined: func(load.Member, *bot.Bot) { r.joined.Add(1) }}})
	if err != nil {
		b.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.result <- runner.Run(ctx)
	}()
	return r
}

// waitJoined waits until want bots have joined, or a minute past the
// ramp's planned end (failed joins never arrive).
func waitJoined(b *testing.B, r *run, want int, ramp float64) {
	deadline := time.Now().Add(time.Duration(float64(want)/ramp*float64(time.Second)) + time.Minute)
	for r.joined.Load() < int64(want) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := r.joined.Load(); got < int64(want) {
		b.Logf("only %d of %d joined by a minute past the ramp", got, want)
	}
}

// processSample is the process's state, and its CPU use over a window.
type processSample struct {
	goroutines int
	fds        int
	rss, heap  uint64
	cores      float64
}

// sample lets the process settle, then measures it over window.
func sample(window time.Duration) processSample {
	time.Sleep(2 * time.Second)
	cpu0, t0 := procstat.CPU(), time.Now()
	time.Sleep(window)
	cpu1, t1 := procstat.CPU(), time.Now()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, _ := os.ReadDir("/proc/self/fd")
	return processSample{goroutines: runtime.NumGoroutine(), fds: len(fds), rss: procstat.RSS(), heap: ms.HeapInuse, cores: (cpu1 - cpu0).Seconds() / t1.Sub(t0).Seconds()}
}
