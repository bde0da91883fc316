package load_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/load"
)

// mediaPublishersEnv sets how many publishers BenchmarkMediaPerPublisher
// puts in its room (default 6).
const mediaPublishersEnv = "LKBOT_MEDIA_PUBLISHERS"

// BenchmarkMediaPerPublisher measures what a publisher (camera and
// microphone, 640x360 VP8 simulcast at 15 frames/s) costs the process with
// --media shared and with --media live: it measures the idle process, joins
// the publishers, each in a room of its own, measures again, and reports
// the difference per publisher. Run it alone, without -race:
//
//	go test -run '^$' -bench BenchmarkMediaPerPublisher -benchtime 1x ./load/
func BenchmarkMediaPerPublisher(b *testing.B) {
	n := 6
	if v, err := strconv.Atoi(os.Getenv(mediaPublishersEnv)); err == nil && v > 0 {
		n = v
	}
	for _, mode := range []string{load.MediaShared, load.MediaLive} {
		b.Run("media="+mode, func(b *testing.B) {
			for range b.N {
				mediaRun(b, mode, n)
			}
		})
	}
}

func mediaRun(b *testing.B, mode string, publishers int) {
	srv := lktest.Start(b)
	// A room per publisher: in a shared room each publisher would also
	// receive every other, and that would count as publishing.
	c := densityConfig(srv, publishers)
	c.Media, c.Publishers = mode, 1
	c.Bot.Resolution, c.Bot.FPS, c.Bot.Simulcast = "640x360", 15, true
	prepare, closePool, err := load.NewMediaPoolHook(&c)
	if err != nil {
		b.Fatal(err)
	}
	defer closePool()
	before := sample(time.Second)

	ctx, cancel := context.WithCancel(b.Context())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	r := &run{result: make(chan *load.Result, 1)}
	var mu sync.Mutex
	var bots []*bot.Bot
	runner, err := load.NewRunner(load.Params{Config: c, Hooks: load.Hooks{
		Prepare: prepare,
		Joined: func(_ load.Member, b *bot.Bot) {
			mu.Lock()
			bots = append(bots, b)
			mu.Unlock()
			r.joined.Add(1)
		},
	}})
	if err != nil {
		b.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.result <- runner.Run(ctx)
	}()
	waitJoined(b, r, publishers, c.Ramp)
	// The camera frames sent tell a saturated machine (fewer than the
	// frame rate times the layers) from a fair measurement.
	sent := func() uint64 {
		mu.Lock()
		defer mu.Unlock()
		var n uint64
		for _, b := range bots {
			n += b.SentFrames(livekit.TrackSource_CAMERA)
		}
		return n
	}
	sent0, t0 := sent(), time.Now()
	after := sample(10 * time.Second)
	frameRate := float64(sent()-sent0) / time.Since(t0).Seconds()
	cancel()
	wg.Wait()
	res := <-r.result
	n := res.Counts()
	if n.Joined == 0 {
		b.Fatalf("no publisher joined: %+v", n)
	}
	per := float64(n.Joined)
	b.ReportMetric(float64(n.Joined), "publishers")
	b.ReportMetric((after.cores-before.cores)/per*1000, "cpu-ms/publisher/s")
	b.ReportMetric(float64(after.rss-before.rss)/per/(1<<20), "MB/publisher")
	b.ReportMetric(float64(after.heap-before.heap)/per/(1<<20), "heap-MB/publisher")
	b.ReportMetric(frameRate/per, "camera-frames/publisher/s")
	b.Logf("%s media, %d publishers: %.2f cores, %.0f MiB RSS (idle: %.2f cores, %.0f MiB)",
		c.Media, n.Joined, after.cores, float64(after.rss)/(1<<20), before.cores, float64(before.rss)/(1<<20))
}
