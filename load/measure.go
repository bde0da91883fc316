package load

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

// measurement collects the quality of every track the run's bots receive
// into per-room aggregates, leaving out the warm-up: the first --warmup of
// the stay, which begins when the ramp has ended. At the warm-up's end it
// takes each joined bot's snapshot of its tracks; when a bot leaves, each
// track's figures since that snapshot count. A bot that leaves during the
// warm-up counts for nothing; a track first received after it counts
// whole. Latencies are recorded from the first sample that sees a track
// (watch): into the room's aggregate once the warm-up is over, and into
// the sampler's window always.
type measurement struct {
	warmup time.Duration
	rooms  *quality.Rooms
	// onLatency, when set, sees every latency measured, warm-up or not.
	onLatency func(room string, d time.Duration)

	mu    sync.Mutex
	bots  map[*bot.Bot]*measured
	warm  atomic.Bool // the warm-up is over
	timer *time.Timer

	windowMu sync.Mutex
	window   *hdrhistogram.Histogram
}

// measured is one joined bot's share of a measurement.
type measured struct {
	arrival int
	room    string
	role    Role
	// since holds each track's Quality at the warm-up's end, by SID; nil
	// until then.
	since map[string]stats.Quality
	// requestsSince holds each track's sent NACKs and PLIs at that moment.
	requestsSince map[string]stats.Feedback
	// sentSince is what the bot had sent at the same moment.
	sentSince sentSnapshot
	// room is the aggregate of the bot's room, which its latencies go
	// into as they come: a histogram per bot would cost 57 KB each.
	roomAgg *quality.Aggregate
	// watched holds the SIDs whose latencies are recorded; only the
	// sampling goroutine and leaving touch it, under mu.
	mu      sync.Mutex
	watched map[string]bool
	left    atomic.Bool
}

func newMeasurement(warmup time.Duration, onLatency func(string, time.Duration)) *measurement {
	return &measurement{warmup: warmup, rooms: &quality.Rooms{}, bots: map[*bot.Bot]*measured{}, onLatency: onLatency, window: newWindow()}
}

// joined starts measuring b; at once if the warm-up is already over.
func (ms *measurement) joined(m Member, b *bot.Bot) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	bm := &measured{arrival: m.Arrival, room: m.Room, role: m.Role, roomAgg: ms.rooms.Room(m.Room), watched: map[string]bool{}}
	ms.bots[b] = bm
	if ms.warm.Load() {
		bm.begin(b)
	}
}

// joinedBot is one joined bot as the sampler sees it.
type joinedBot struct {
	arrival int
	bot     *bot.Bot
	m       *measured
	room    string
	role    Role
}

// joinedBots lists the bots being measured now.
func (ms *measurement) joinedBots() []joinedBot {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	out := make([]joinedBot, 0, len(ms.bots))
	for b, bm := range ms.bots {
		out = append(out, joinedBot{arrival: bm.arrival, bot: b, m: bm, room: bm.room, role: bm.role})
	}
	return out
}

// joinedBotsInOrder is joinedBots sorted by arrival, so that callers
// that take turns do so in a stable order.
func (ms *measurement) joinedBotsInOrder() []joinedBot {
	out := ms.joinedBots()
	slices.SortFunc(out, func(a, b joinedBot) int { return a.arrival - b.arrival })
	return out
}

func (ms *measurement) isWarm() bool { return ms.warm.Load() }

// rampEnded starts the warm-up.
func (ms *measurement) rampEnded() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.timer = time.AfterFunc(ms.warmup, ms.endWarmup)
}

func (ms *measurement) endWarmup() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.warm.Store(true)
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

// takeWindow returns the latencies recorded since the last call.
func (ms *measurement) takeWindow() *hdrhistogram.Histogram {
	ms.windowMu.Lock()
	defer ms.windowMu.Unlock()
	h := ms.window
	ms.window = newWindow()
	return h
}

func (ms *measurement) recordWindow(d time.Duration) {
	ms.windowMu.Lock()
	_ = ms.window.RecordValue(min(max(d.Milliseconds(), 0), quality.LatencyMs.Highest))
	ms.windowMu.Unlock()
}

// begin takes b's snapshot at the warm-up's end.
func (bm *measured) begin(b *bot.Bot) {
	tracks := b.ReceivedTracks()
	bm.since = make(map[string]stats.Quality, len(tracks))
	bm.requestsSince = make(map[string]stats.Feedback, len(tracks))
	for _, t := range tracks {
		bm.since[t.SID] = t.Quality
		bm.requestsSince[t.SID] = t.Feedback
	}
	bm.sentSince = takeSent(b, time.Now())
}

// watch records t's latencies from now on, once per track.
func (bm *measured) watch(ms *measurement, t bot.ReceivedTrack) {
	bm.mu.Lock()
	defer bm.mu.Unlock()
	if bm.watched[t.SID] || bm.left.Load() {
		return
	}
	bm.watched[t.SID] = true
	room := bm.room
	t.OnLatency(func(d time.Duration) {
		if bm.left.Load() {
			return
		}
		if ms.warm.Load() {
			bm.roomAgg.RecordDuration(quality.LatencyMs, d)
		}
		ms.recordWindow(d)
		if ms.onLatency != nil {
			ms.onLatency(room, d)
		}
	})
	t.OnDecodedLatency(func(d time.Duration) {
		if !bm.left.Load() && ms.warm.Load() {
			bm.roomAgg.RecordDuration(quality.DecodedLatencyMs, d)
		}
	})
}

// leaving adds what b received since the warm-up's end to its room.
func (ms *measurement) leaving(b *bot.Bot) {
	ms.mu.Lock()
	bm := ms.bots[b]
	delete(ms.bots, b)
	ms.mu.Unlock()
	if bm == nil {
		return
	}
	bm.mu.Lock()
	bm.left.Store(true)
	bm.mu.Unlock()
	tracks := b.ReceivedTracks()
	for _, t := range tracks {
		t.OnLatency(nil)
		t.OnDecodedLatency(nil)
	}
	if bm.since == nil {
		return
	}
	room := ms.rooms.Room(bm.room)
	for _, t := range tracks {
		q := t.Quality
		if warm, ok := bm.since[t.SID]; ok {
			q = q.Since(warm)
		}
		room.AddTrack(q, t.Kind == "video")
		f, was := t.Feedback, bm.requestsSince[t.SID]
		room.CountRequests(f.NACKs-min(was.NACKs, f.NACKs), f.NACKed-min(was.NACKed, f.NACKed), f.PLIs+f.FIRs-min(was.PLIs+was.FIRs, f.PLIs+f.FIRs))
	}
	addSent(room, b, bm.sentSince, time.Now())
}

// recordJoin adds a successful join's time to its room.
func (ms *measurement) recordJoin(m Member, d time.Duration) {
	ms.rooms.Room(m.Room).RecordDuration(quality.JoinMs, d)
}
