package load

import (
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/load/quality"
)

// sentSnapshot is what a publisher had sent at one moment, by source.
type sentSnapshot struct {
	at     time.Time
	tracks map[string]bot.SentTrack
}

func takeSent(b *bot.Bot, at time.Time) sentSnapshot {
	s := sentSnapshot{at: at, tracks: map[string]bot.SentTrack{}}
	for _, t := range b.SentTracks() {
		s.tracks[t.Source] = t
	}
	return s
}

// addSent adds what b sent since the snapshot to a, stream by stream.
func addSent(a *quality.Aggregate, b *bot.Bot, since sentSnapshot, now time.Time) {
	for _, t := range b.SentTracks() {
		before := since.tracks[t.Source]
		for i, s := range t.Streams {
			var prev bot.SentStream
			if i < len(before.Streams) {
				prev = before.Streams[i]
			}
			a.AddSent(sentStream(t.Kind, i, len(t.Streams), s, prev, now.Sub(since.at)))
		}
	}
}

// sentStream is stream i of n's figures since prev, over d.
func sentStream(kind string, i, n int, s, prev bot.SentStream, d time.Duration) quality.SentStream {
	f, p := s.Feedback, prev.Feedback
	out := quality.SentStream{
		Layer: layerMetric(kind, i, n), Bytes: s.Bytes - min(prev.Bytes, s.Bytes), Duration: d,
		Keyframes: s.Keyframes - min(prev.Keyframes, s.Keyframes), PLIs: f.PLIs - min(p.PLIs, f.PLIs),
		NACKs: f.NACKs - min(p.NACKs, f.NACKs), NackedPackets: f.NackedPackets - min(p.NackedPackets, f.NackedPackets),
		RemoteLoss: f.RemoteFractionLost,
	}
	if n := f.RTTs - min(p.RTTs, f.RTTs); n > 0 {
		out.RTT = (f.RTTSum - p.RTTSum) / time.Duration(n)
	}
	return out
}

// layerMetric names stream i of a track of n streams, low to high: the
// top one is high, and with three, the one below is medium.
func layerMetric(kind string, i, n int) quality.Metric {
	switch {
	case kind == "audio":
		return quality.SentAudioKbps
	case i == n-1:
		return quality.SentHighKbps
	case i == n-2 && n == 3:
		return quality.SentMediumKbps
	}
	return quality.SentLowKbps
}
