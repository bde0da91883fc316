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
	// Decoding counts the frames decoded for their stamps
	// (Config.DecodeVideo); its Active is false when none are.
	Decoding DecodeStats
	// Feedback counts the NACKs and keyframe requests the bot sent for
	// the track.
	Feedback stats.Feedback

	recv *stats.Receiver
	dec  *frameDecoder
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
			Quality: s.stats.Quality(), Decoding: s.dec.snapshot(), Feedback: b.feedback.Counts(s.ssrc), recv: s.stats, dec: s.dec,
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

// OnDecodedLatency makes the track's decoder call f with the end-to-end
// latency of every decoded frame whose stamp reads, from now on,
// replacing any earlier f; nil stops it. The latency runs from the
// frame's capture, as the synthetic camera stamped it, to the arrival of
// the packet that completed the frame: the instant OnLatency measures to,
// so that the two agree. It does nothing unless the track is decoded
// (Decoding.Active). f runs on the track's decoding goroutine under its
// lock: it must be quick and must not call the bot.
func (t ReceivedTrack) OnDecodedLatency(f func(time.Duration)) {
	if t.dec != nil {
		t.dec.onLatency(f)
	}
}
