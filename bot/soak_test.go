package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/procstat"
)

// TestSoak is make soak: one kiosk bot (--rejoin) against a server that
// is SIGKILLed every 2 to 5 minutes and stays down 1 to 60 s, for
// LKBOT_SOAK (a duration). It writes a report to LKBOT_SOAK_REPORT:
// restarts, rejoins, the longest time the bot was not in its room with
// its tracks published, and each minute's goroutines, live heap, RSS and
// CPU. It fails if the bot does not come back after a restart, or if the
// goroutines or heap grow (as the drill judges them).
func TestSoak(t *testing.T) {
	length, err := time.ParseDuration(os.Getenv("LKBOT_SOAK"))
	if err != nil || length <= 0 {
		t.Skip("set LKBOT_SOAK to a duration (make soak DURATION=1h)")
	}
	srv := lktest.Start(t)
	b := startBotLogging(t, srv, zap.NewNop(), kioskConfig)
	ctx, cancel := context.WithTimeout(context.Background(), length+5*time.Minute)
	defer cancel()
	setKioskState(ctx, t, b)

	out := newOutage(b)
	go out.watch(ctx)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	var rows []soakRow
	start := time.Now()
	lastCPU, lastAt := procstat.CPU(), start
	nextMinute := start.Add(time.Minute)
	nextKill := start.Add(2*time.Minute + time.Duration(rng.Int64N(int64(3*time.Minute))))
	restarts := 0
	var firstG int
	var firstHeap uint64
	for time.Since(start) < length {
		time.Sleep(time.Second)
		if now := time.Now(); now.After(nextKill) && now.Add(70*time.Second).Before(start.Add(length)) {
			if err := srv.Kill(); err != nil {
				t.Fatal(err)
			}
			down := time.Second + time.Duration(rng.Int64N(int64(59*time.Second)))
			time.Sleep(down)
			next, err := srv.Restart(ctx)
			if err != nil {
				t.Fatalf("restart %d: %v", restarts+1, err)
			}
			srv = next
			t.Cleanup(func() { _ = next.Close() })
			restarts++
			back := time.Now()
			for !b.Snapshot().Ready() {
				if time.Since(back) > 2*time.Minute {
					t.Fatalf("restart %d (down %v): the bot is not back 2 minutes later", restarts, down)
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Logf("restart %d: down %v, the bot was ready again %v after the server was back", restarts, down.Round(time.Second), time.Since(back).Round(time.Millisecond))
			nextKill = time.Now().Add(2*time.Minute + time.Duration(rng.Int64N(int64(3*time.Minute))))
		}
		if now := time.Now(); now.After(nextMinute) {
			g, heap := settledCounts()
			cpu := procstat.CPU()
			row := soakRow{at: now.Sub(start), goroutines: g, heap: heap, rss: procstat.RSS(), cpu: float64(cpu-lastCPU) / float64(now.Sub(lastAt)), rejoins: b.Rejoins(), restarts: restarts}
			rows = append(rows, row)
			if len(rows) == 1 {
				firstG, firstHeap = g, heap
			}
			lastCPU, lastAt, nextMinute = cpu, now, now.Add(time.Minute)
		}
	}
	cancel()
	report := soakReport(length, restarts, b.Rejoins(), out.longest(), rows)
	if path := os.Getenv("LKBOT_SOAK_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Log("\n" + report)
	if n := len(rows); n > 1 {
		last := rows[n-1]
		if last.goroutines > firstG+5 || float64(last.heap) > 1.2*float64(firstHeap) {
			t.Errorf("grew: %d goroutines and %d KiB live heap at the end, %d and %d KiB after the first minute", last.goroutines, last.heap>>10, firstG, firstHeap>>10)
		}
	}
}

// soakRow is one minute of the soak.
type soakRow struct {
	at         time.Duration
	goroutines int
	heap, rss  uint64
	cpu        float64 // cores used over the minute, bot and test together
	rejoins    uint64
	restarts   int
}

// outage tracks the longest time the bot was not ready (in its room with
// its configured tracks published).
type outage struct {
	b        *Bot
	since    time.Time
	longestD time.Duration
	done     chan struct{}
}

func newOutage(b *Bot) *outage { return &outage{b: b, done: make(chan struct{})} }

func (o *outage) watch(ctx context.Context) {
	defer close(o.done)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			ready := o.b.Snapshot().Ready()
			switch {
			case !ready && o.since.IsZero():
				o.since = now
			case ready && !o.since.IsZero():
				o.longestD = max(o.longestD, now.Sub(o.since))
				o.since = time.Time{}
			}
		}
	}
}

// longest waits for the watch to stop and returns the longest outage.
func (o *outage) longest() time.Duration {
	<-o.done
	return o.longestD
}

// soakReport is the report's Markdown.
func soakReport(length time.Duration, restarts int, rejoins uint64, longest time.Duration, rows []soakRow) string {
	var w strings.Builder
	fmt.Fprintf(&w, "# lkbot soak, %v\n\n", length)
	fmt.Fprintf(&w, "- %s, %d CPUs\n", runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(&w, "- server restarts (SIGKILL, down 1 to 60 s): %d\n", restarts)
	fmt.Fprintf(&w, "- rejoins by lkbot (the rest the SDK's own reconnect): %d\n", rejoins)
	fmt.Fprintf(&w, "- longest time not in the room with its tracks published: %v (server downtime included)\n\n", longest.Round(time.Millisecond))
	fmt.Fprintln(&w, "| minute | restarts | rejoins | goroutines | live heap KiB | RSS MiB | CPU (cores) |")
	fmt.Fprintln(&w, "| --- | --- | --- | --- | --- | --- | --- |")
	for _, r := range rows {
		fmt.Fprintf(&w, "| %.0f | %d | %d | %d | %d | %.1f | %.3f |\n", r.at.Minutes(), r.restarts, r.rejoins, r.goroutines, r.heap>>10, float64(r.rss)/(1<<20), r.cpu)
	}
	return w.String()
}
