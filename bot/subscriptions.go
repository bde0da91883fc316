package bot

import (
	"time"

	"github.com/lkbot/lkbot/media/stats"
)

// ReceivedTrack is one remote track the bot receives, with the quality
// measured on it so far.
type ReceivedTrack struct {
	// SID is the track's publication SID, stable while the bot stays
	// subscribed: it pairs two snapshots of the same track.
	SID         string
	Participant string
	// Source is "camera", "microphone", ... as SourceName gives it; Kind
	// is "video" or "audio".
	Source, Kind string
	// Quality is the track's totals since its first packet; Since of a
	// later snapshot windows it.
	Quality stats.Quality

	recv *stats.Receiver
}

// ReceivedTracks returns a snapshot of every track the bot receives now,
// for a load test to read its quality. It is safe to call from any
// goroutine, and reads nothing the receiving goroutines write unlocked.
func (b *Bot) ReceivedTracks() []ReceivedTrack {
	b.subs.mu.Lock()
	subs := make([]*subscription, 0, len(b.subs.byID))
	for _, s := range b.subs.byID {
		subs = append(subs, s)
	}
	b.subs.mu.Unlock()
	out := make([]ReceivedTrack, 0, len(subs))
	for _, s := range subs {
		out = append(out, ReceivedTrack{
			SID: s.pub.SID(), Participant: s.participant, Source: SourceName(s.pub.Source()), Kind: string(s.pub.Kind()),
			Quality: s.stats.Quality(), recv: s.stats,
		})
	}
	return out
}

// OnLatency makes the track's receiver call f with every end-to-end
// latency it measures from now on (see stats.Receiver.OnLatency),
// replacing any earlier f; nil stops it. f runs on the bot's receiving
// goroutine under the receiver's lock: it must be quick and must not call
// the bot.
func (t ReceivedTrack) OnLatency(f func(time.Duration)) {
	if t.recv != nil {
		t.recv.OnLatency(f)
	}
}
