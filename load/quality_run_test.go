package load

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

// received collects what each bot received, by identity and track kind,
// as it leaves.
type received struct {
	mu     sync.Mutex
	byKind map[string]map[string]stats.Quality
}

func (r *received) hooks() Hooks {
	r.byKind = map[string]map[string]stats.Quality{}
	return Hooks{Leaving: func(m Member, b *bot.Bot) {
		r.mu.Lock()
		defer r.mu.Unlock()
		kinds := map[string]stats.Quality{}
		for _, t := range b.ReceivedTracks() {
			kinds[t.Kind] = t.Quality
		}
		r.byKind[m.Identity] = kinds
	}}
}

func lossText(q stats.Quality) string {
	return fmt.Sprintf("%d expected, %.2f%% lost before repair, %.2f%% after", q.Expected, 100*q.LossBeforeRepairFraction(), 100*q.LossFraction())
}

// TestImpairedFractionMeasuresLoss: --impair in:loss=10% with
// --impair-fraction picking one bot of four applies to that bot alone,
// which the report names: its audio loses 10% ± 3 points (LiveKit does
// not retransmit audio), its video 10% ± 3 before retransmission and at
// most 1% after (the SDK asks again for each lost packet up to 5 times,
// so little is lost for good), and the other subscribers lose about
// nothing.
func TestImpairedFractionMeasuresLoss(t *testing.T) {
	srv := lktest.Start(t)
	c := serverConfig(srv)
	c.Publishers, c.Subscribers = 1, 3
	c.Media, c.Bot.Resolution = MediaLive, "640x360"
	// A fixed seed makes the drops the same in every run: the counts then
	// vary only with how many packets the 14 s hold.
	c.Bot.Impair, c.ImpairFraction = "in:loss=10%,seed=4", 0.25
	c.Duration, c.Warmup = 14*time.Second, time.Second
	impaired := ImpairedArrivals(&c)
	var victim string
	for _, m := range Plan(&c, Whole) {
		if impaired[m.Arrival] {
			victim = m.Identity
		}
	}
	if len(impaired) != 1 || victim != "load-1-sub-1" {
		t.Fatalf("the seeded choice of 1 of 4 bots is %v (%s); the test expects load-1-sub-1", impaired, victim)
	}
	var got received
	r, err := NewRunner(Params{Config: c, Hooks: got.hooks()})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Run(t.Context())
	for _, o := range res.Outcomes {
		if o.Impaired != (o.Member.Identity == victim) {
			t.Errorf("%s: impaired %v", o.Member.Identity, o.Impaired)
		}
	}
	for identity, kinds := range got.byKind {
		if identity == "load-1-pub-1" {
			continue
		}
		for kind, q := range kinds {
			t.Logf("%s %s: %s", identity, kind, lossText(q))
			if q.Expected < 400 {
				t.Errorf("%s %s: only %d packets expected", identity, kind, q.Expected)
			}
			before, after := q.LossBeforeRepairFraction(), q.LossFraction()
			switch {
			case identity != victim:
				if before > 0.005 {
					t.Errorf("unimpaired %s %s: %s, want about 0", identity, kind, lossText(q))
				}
			case math.Abs(before-0.10) > 0.03:
				t.Errorf("impaired %s: %s, want 10%% ± 3 points before repair", kind, lossText(q))
			case kind == "video" && after > 0.01:
				t.Errorf("impaired video: %s, want at most 1%% after repair", lossText(q))
			}
		}
	}
	if len(got.byKind[victim]) != 2 {
		t.Fatalf("the impaired subscriber received %v", got.byKind[victim])
	}
	// Only the impaired subscriber asks for packets again: pion's NACK
	// generator asks for each lost video packet, up to 5 times.
	sent := res.Quality.Total().Counters()
	t.Logf("requests sent: %d NACKs for %d packets, %d PLIs", sent.NACKsSent, sent.NackedSent, sent.PLIsSent)
	if lostVideo := got.byKind[victim]["video"].LostBeforeRepair; sent.NACKsSent == 0 || sent.NackedSent < lostVideo/2 {
		t.Errorf("%d NACKs for %d packets sent, for %d video packets lost", sent.NACKsSent, sent.NackedSent, lostVideo)
	}
}

// TestStalledPublisherFreezesOnce: a publisher whose camera hangs for one
// second, unmuted, gives each subscriber of it exactly one freeze of about
// that second, and the report's totals count them.
func TestStalledPublisherFreezesOnce(t *testing.T) {
	srv := lktest.Start(t)
	c := serverConfig(srv)
	c.Publishers, c.Subscribers = 1, 2
	c.Media = MediaLive
	c.Duration, c.Warmup = 9*time.Second, time.Second
	var got received
	hooks := got.hooks()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stalled sync.WaitGroup
	hooks.Joined = func(m Member, b *bot.Bot) {
		if m.Role != RolePublisher {
			return
		}
		stalled.Go(func() {
			select {
			case <-time.After(5 * time.Second): // after the warm-up, and 5 intervals at each viewer
			case <-ctx.Done():
				return
			}
			if err := b.StallCamera(time.Second); err != nil {
				t.Error(err)
			}
		})
	}
	r, err := NewRunner(Params{Config: c, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Run(ctx)
	stalled.Wait()
	for _, id := range []string{"load-1-sub-1", "load-1-sub-2"} {
		v := got.byKind[id]["video"]
		t.Logf("%s: %d freezes, %s frozen of %s", id, v.Freezes, v.FreezeDuration, v.VideoDuration)
		if v.Freezes != 1 || v.FreezeDuration < 900*time.Millisecond || v.FreezeDuration > 1500*time.Millisecond {
			t.Errorf("%s: %d freezes lasting %s, want one of about 1s", id, v.Freezes, v.FreezeDuration)
		}
	}
	total := res.Quality.Total()
	if c := total.Counters(); c.Freezes != 2 {
		t.Errorf("the report counts %d freezes, want 2", c.Freezes)
	}
	checkPublisherSide(t, total)
}

// checkPublisherSide checks the publisher's side of a run with one
// publisher, no simulcast: two streams (camera and microphone), their
// bitrate, keyframes, and the round-trip time and loss the SFU reported.
// LiveKit 1.13.5 echoes a sender report in few of its receiver reports
// (one in four over a 5 s run), so a short run may have no RTT at all.
func checkPublisherSide(t *testing.T, total *quality.Aggregate) {
	t.Helper()
	c := total.Counters()
	kbps, rtt, loss := total.Percentiles(quality.SentHighKbps), total.Percentiles(quality.RTTMs), total.Percentiles(quality.RemoteLossPPM)
	t.Logf("publisher side: %d streams, %d bytes, %d keyframes, %d PLIs, %d NACKs; %d kbit/s; RTT %+v; remote loss %+v",
		c.SentStreams, c.SentBytes, c.KeyframesSent, c.PLIsReceived, c.NACKsReceived, kbps.P50, rtt, loss)
	audio := total.Percentiles(quality.SentAudioKbps)
	if c.SentStreams != 2 || c.SentBytes == 0 || c.KeyframesSent == 0 || kbps.Count != 1 || kbps.P50 < 20 || audio.Count != 1 || audio.P50 < 8 {
		t.Errorf("publisher side: %+v, video %d kbit/s, audio %d kbit/s", c, kbps.P50, audio.P50)
	}
	if rtt.Max > 200 || loss.Count != 2 || loss.Max != 0 {
		t.Errorf("publisher side on loopback: RTT %+v, remote loss %+v", rtt, loss)
	}
}
