package bot

import (
	"fmt"
	"sync"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/media/stats"
)

// subscription is a remote track the bot reads, with its receive statistics.
type subscription struct {
	participant string
	pub         *lksdk.RemoteTrackPublication
	stats       *stats.Receiver
	dec         *frameDecoder // nil unless Config.DecodeVideo and a VP8 or VP9 track
	sink        TrackWriter   // nil unless Params.Sink takes the track
	ssrc        uint32        // the media SSRC, whose NACKs and PLIs b.feedback counts
}

type subscriptions struct {
	mu   sync.Mutex
	byID map[string]*subscription
}

// receive reads a subscribed track's RTP until the track ends, counting
// what arrives. The goroutine belongs to the bot, and ends when the track or
// the peer connection closes, which Close causes.
func (b *Bot) receive(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
	codec := track.Codec()
	sub := &subscription{participant: rp.Identity(), pub: pub, stats: stats.NewReceiver(codec.MimeType, codec.ClockRate), ssrc: uint32(track.SSRC())}
	sub.stats.MarkStart(time.Now())
	sub.dec = b.decoderFor(track, rp)
	sub.sink = b.sinkFor(track, pub, rp)
	ssrc := uint32(track.SSRC())
	// Sender reports tie the publisher's clock to its RTP time, for latency
	// and for a recording's timing.
	pub.OnRTCP(func(p rtcp.Packet) {
		if sr, ok := p.(*rtcp.SenderReport); ok && sr.SSRC == ssrc {
			sub.stats.PushSenderReport(sr.NTPTime, sr.RTPTime)
			if sub.sink != nil {
				sub.sink.SenderReport(sr.NTPTime, sr.RTPTime)
			}
		}
	})
	key := pub.SID()
	b.subs.mu.Lock()
	if b.subs.byID == nil {
		b.subs.byID = make(map[string]*subscription)
	}
	b.subs.byID[key] = sub
	b.subs.mu.Unlock()
	b.mu.Lock()
	if b.closed { // the SDK may call back while Close waits for goroutines
		b.mu.Unlock()
		if sub.dec != nil {
			sub.dec.close()
		}
		if sub.sink != nil {
			sub.sink.Close()
		}
		return
	}
	b.wg.Add(1)
	b.mu.Unlock()
	go func() {
		defer b.wg.Done()
		defer func() {
			b.subs.mu.Lock()
			if b.subs.byID[key] == sub {
				delete(b.subs.byID, key)
			}
			b.subs.mu.Unlock()
		}()
		if sub.dec != nil {
			// The decoder's goroutine belongs to this reader, which stops
			// it and waits for it when the track ends.
			stop := sub.dec.start(b.ctx)
			defer stop()
		}
		if sub.sink != nil {
			defer sub.sink.Close()
		}
		for {
			pkt, attrs, err := track.ReadRTP()
			if err != nil {
				return
			}
			// The arrival is taken after ReadRTP, so that an incoming
			// --impair delay (an interceptor below it) counts, in both
			// latencies alike.
			arrival := time.Now()
			// pion unwraps LiveKit's RTX resends into the media stream and
			// marks them, so that loss is counted before and after repair.
			if stats.Retransmitted(attrs) {
				sub.stats.PushRepair(pkt, arrival)
			} else {
				sub.stats.Push(pkt, arrival)
			}
			if sub.dec != nil {
				sub.dec.push(pkt, arrival)
			}
			if sub.sink != nil {
				sub.sink.WriteRTP(pkt, arrival)
			}
		}
	}()
}

// pauseReceiving tells a subscribed track's statistics that its publisher
// muted (or unmuted) it, so that the pause is not counted as a freeze.
func (b *Bot) pauseReceiving(sid string, paused bool) {
	b.subs.mu.Lock()
	sub := b.subs.byID[sid]
	b.subs.mu.Unlock()
	if sub == nil {
		return
	}
	if paused {
		sub.stats.Pause()
	} else {
		sub.stats.Resume()
	}
	if sub.sink != nil {
		sub.sink.Paused(paused)
	}
}

// startWatchers starts the bot's periodic work: receive statistics and name
// changes, which the SDK has no callback for.
func (b *Bot) startWatchers() {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.watchParticipants()
	}()
	if b.cfg.StatsInterval > 0 {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			b.reportStats(b.cfg.StatsInterval)
		}()
	}
}

func (b *Bot) reportStats(every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-b.ctx.Done():
			return
		case now := <-tick.C:
			for _, ev := range b.TrackStats(now) {
				b.events.Publish(ev)
				b.logStats(ev)
			}
		}
	}
}

// TrackStats returns receive statistics for every subscribed track since the
// previous call.
func (b *Bot) TrackStats(now time.Time) []event.TrackStats {
	b.subs.mu.Lock()
	subs := make([]*subscription, 0, len(b.subs.byID))
	for _, s := range b.subs.byID {
		subs = append(subs, s)
	}
	b.subs.mu.Unlock()
	out := make([]event.TrackStats, 0, len(subs))
	for _, s := range subs {
		snap, q := s.stats.Snapshot(now), s.stats.Quality()
		out = append(out, event.TrackStats{
			Participant: s.participant, SID: s.pub.SID(), Source: SourceName(s.pub.Source()), Kind: string(s.pub.Kind()),
			MimeType: snap.MimeType, Width: snap.Width, Height: snap.Height, FPS: snap.FPS,
			BitrateKbps: snap.BitrateBps / 1000, Packets: snap.Packets, Lost: snap.Lost, LostBeforeRepair: q.LostBeforeRepair,
			Freezes: q.Freezes, JitterMs: snap.JitterMs, Keyframes: snap.Keyframes,
		})
	}
	return out
}

// logStats prints one received track's figures for people, e.g.
// "receiving alice/camera video/VP8 1280x720 30.0 fps 1650 kbps".
func (b *Bot) logStats(s event.TrackStats) {
	size := "-"
	if s.Width > 0 {
		size = fmt.Sprintf("%dx%d", s.Width, s.Height)
	}
	b.log.Info(fmt.Sprintf("receiving %s/%s %s %s %.1f fps %.0f kbps, %d lost",
		s.Participant, s.Source, s.MimeType, size, s.FPS, s.BitrateKbps, s.Lost))
}

// sinkFor offers a subscribed track to Params.Sink; nil when there is no
// sink or it skips the track.
func (b *Bot) sinkFor(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) TrackWriter {
	if b.sink == nil {
		return nil
	}
	codec := track.Codec()
	ssrc := track.SSRC()
	return b.sink.Open(ReceivedTrackInfo{
		Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source()),
		Kind: track.Kind().String(), MimeType: codec.MimeType, ClockRate: codec.ClockRate,
		Simulcast:       pub.TrackInfo().GetSimulcast(),
		Layers:          pub.TrackInfo().GetLayers(),
		RequestKeyframe: func() { rp.WritePLI(ssrc) },
		SetVideoQuality: func(q livekit.VideoQuality) { _ = pub.SetVideoQuality(q) },
	})
}
