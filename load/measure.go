package load

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

// measurement collects the quality of every track the run's bots receive
// into per-room aggregates, leaving out the warm-up: the first --warmup of
// the stay, which begins when the ramp has ended. At the warm-up's end it
// takes each joined bot's snapshot of its tracks and starts recording
// their latencies; when a bot leaves, each track's figures since that
// snapshot count. A bot that leaves during the warm-up counts for
// nothing; a track first received after it counts whole.
type measurement struct {
	warmup time.Duration
	rooms  *quality.Rooms

	mu    sync.Mutex
	bots  map[*bot.Bot]*measured
	warm  bool // the warm-up is over
	timer *time.Timer
}

// measured is one joined bot's share of a measurement.
type measured struct {
	room string
	// since holds each track's Quality at the warm-up's end, by SID; nil
	// until then.
	since map[string]stats.Quality
	// latency holds the bot's own latencies, merged into its room when it
	// leaves, so that receivers of different bots never share a lock.
	latency *quality.Aggregate
	left    atomic.Bool
}

func newMeasurement(warmup time.Duration) *measurement {
	return &measurement{warmup: warmup, rooms: &quality.Rooms{}, bots: map[*bot.Bot]*measured{}}
}

// joined starts measuring b; at once if the warm-up is already over.
func (ms *measurement) joined(m Member, b *bot.Bot) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	bm := &measured{room: m.Room, latency: quality.New()}
	ms.bots[b] = bm
	if ms.warm {
		bm.begin(b)
	}
}

// rampEnded starts the warm-up.
func (ms *measurement) rampEnded() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.timer = time.AfterFunc(ms.warmup, ms.endWarmup)
}

func (ms *measurement) endWarmup() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.warm = true
	for b, bm := range ms.bots {
		bm.begin(b)
	}
}

// stop ends the warm-up's timer, if it has not fired; the runner calls it
// once every bot has left.
func (ms *measurement) stop() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.timer != nil {
		ms.timer.Stop()
	}
}

// begin takes b's snapshot and records its tracks' latencies from now on.
func (bm *measured) begin(b *bot.Bot) {
	tracks := b.ReceivedTracks()
	bm.since = make(map[string]stats.Quality, len(tracks))
	for _, t := range tracks {
		bm.since[t.SID] = t.Quality
		t.OnLatency(func(d time.Duration) {
			if !bm.left.Load() {
				bm.latency.RecordDuration(quality.LatencyMs, d)
			}
		})
	}
}

// leaving adds what b received since the warm-up's end to its room.
func (ms *measurement) leaving(b *bot.Bot) {
	ms.mu.Lock()
	bm := ms.bots[b]
	delete(ms.bots, b)
	ms.mu.Unlock()
	if bm == nil || bm.since == nil {
		return
	}
	bm.left.Store(true)
	room := ms.rooms.Room(bm.room)
	for _, t := range b.ReceivedTracks() {
		t.OnLatency(nil)
		q := t.Quality
		if warm, ok := bm.since[t.SID]; ok {
			q = q.Since(warm)
		}
		room.AddTrack(q, t.Kind == "video")
	}
	room.Merge(bm.latency)
}

// recordJoin adds a successful join's time to its room.
func (ms *measurement) recordJoin(m Member, d time.Duration) {
	ms.rooms.Room(m.Room).RecordDuration(quality.JoinMs, d)
}
