package bot

import (
	"sort"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/media/encode"
)

// Snapshot is the bot's health and running counts at one moment: what a
// long-running bot's metrics and readiness probe report.
type Snapshot struct {
	// Connection is one of the State* constants.
	Connection string
	// Rejoins is Bot.Rejoins.
	Rejoins uint64
	// ProcessedFrames and ProcessorTime count the camera frames the
	// effect (blur or background) processed and the time it spent.
	ProcessedFrames uint64
	ProcessorTime   time.Duration
	// Configured names the sources the config publishes on joining
	// (camera, microphone, screen_share, screen_share_audio).
	Configured []string
	// Tracks are the local tracks, by source name.
	Tracks []TrackSnapshot
}

// TrackSnapshot is one local track's state and counts since it was
// published; a republish starts them again from zero.
type TrackSnapshot struct {
	// Source is a source name; Kind is "video" or "audio".
	Source, Kind string
	Codec        string
	// SID is the publication's SID, "" until the server has it.
	SID   string
	Muted bool
	// FramesEncoded counts the frames the encoders produced (for a shared
	// encoder, handed to this track; for a file, read from it), over all
	// simulcast layers.
	FramesEncoded uint64
	// FramesSent and BytesSent count the frames written to the peer
	// connection and their payload, over all layers. An audio frame is one
	// RTP packet; a video frame is one or more.
	FramesSent, BytesSent uint64
	// PacketsSent counts the RTP packets of the track's streams as they
	// left for the network, retransmissions included; from 0 again when
	// the track is published again.
	PacketsSent uint64
	// FramesDropped counts captured frames a layer never sent, over all
	// layers: its encoder was still busy with an earlier one (a sign that
	// the CPU cannot keep up), or its rate control skipped them (openh264
	// does, to hold its bitrate). Only a camera or screen share encoded
	// for this bot alone counts them.
	FramesDropped uint64
	// Keyframes counts the video keyframes sent; 0 for audio.
	Keyframes uint64
}

// Ready reports whether the bot is in its room and publishing every
// configured source.
func (s Snapshot) Ready() bool {
	return s.Connection == StateConnected && len(s.Unpublished()) == 0
}

// Unpublished names the configured sources without a published track.
func (s Snapshot) Unpublished() []string {
	published := map[string]bool{}
	for _, t := range s.Tracks {
		if t.SID != "" {
			published[t.Source] = true
		}
	}
	var out []string
	for _, source := range s.Configured {
		if !published[source] {
			out = append(out, source)
		}
	}
	return out
}

// Snapshot returns the bot's connection state, rejoins, configured
// sources and local tracks with their counts. It is safe to call from any
// goroutine.
func (b *Bot) Snapshot() Snapshot {
	s := Snapshot{Connection: b.connectionState(), Rejoins: b.Rejoins(), Configured: b.ConfiguredSources(), Tracks: []TrackSnapshot{},
		ProcessedFrames: b.effect.frames.Load(), ProcessorTime: time.Duration(b.effect.nanos.Load())}
	b.mu.Lock()
	tracks := make(map[livekit.TrackSource]localTrack, len(b.tracks))
	for source, t := range b.tracks {
		tracks[source] = t
	}
	b.mu.Unlock()
	// The encoders' counters take locks of their own: read them after
	// letting go of b.mu.
	for source, t := range tracks {
		ts := snapshotTrack(source, t)
		ts.PacketsSent = b.packetsSent(t)
		s.Tracks = append(s.Tracks, ts)
	}
	sort.Slice(s.Tracks, func(i, j int) bool { return s.Tracks[i].Source < s.Tracks[j].Source })
	return s
}

// ConfiguredSources names the sources the config publishes on joining,
// in publishing order.
func (b *Bot) ConfiguredSources() []string {
	var out []string
	for _, source := range b.configuredSources() {
		out = append(out, SourceName(source))
	}
	return out
}

// configuredSources are the sources whose spec is not none, in
// publishing order: camera, microphone, screen share, its audio.
func (b *Bot) configuredSources() []livekit.TrackSource {
	var out []livekit.TrackSource
	for _, c := range []struct {
		spec   string
		source livekit.TrackSource
	}{
		{b.cfg.Camera, livekit.TrackSource_CAMERA},
		{b.cfg.Mic, livekit.TrackSource_MICROPHONE},
		{b.cfg.Screen, livekit.TrackSource_SCREEN_SHARE},
		{b.cfg.ScreenAudio, livekit.TrackSource_SCREEN_SHARE_AUDIO},
	} {
		if !isNone(c.spec) {
			out = append(out, c.source)
		}
	}
	return out
}

// packetsSent adds up the RTP packets of t's streams: one, or one per
// simulcast layer.
func (b *Bot) packetsSent(t localTrack) uint64 {
	pub := t.publication()
	if pub == nil {
		return 0
	}
	var n uint64
	for _, l := range pub.TrackLocalForSimulcast() {
		n += b.sentRTP.Counts(uint32(l.SSRC())).Packets
	}
	if one, ok := pub.TrackLocal().(interface{ SSRC() webrtc.SSRC }); ok && n == 0 {
		n = b.sentRTP.Counts(uint32(one.SSRC())).Packets
	}
	return n
}

// trackCounter is a local track that can give its counts; snapshotTrack
// fills in the rest.
type trackCounter interface {
	counts() TrackSnapshot
}

var (
	_ trackCounter = (*videoTrack)(nil)
	_ trackCounter = (*audioTrack)(nil)
	_ trackCounter = (*sampleTrack)(nil)
	_ trackCounter = (*sharedVideoTrack)(nil)
	_ trackCounter = (*sharedAudioTrack)(nil)
)

// snapshotTrack reads the state and counts of source's track t. A track
// kind without counts still reports what every local track can say.
func snapshotTrack(source livekit.TrackSource, t localTrack) TrackSnapshot {
	var ts TrackSnapshot
	if c, ok := t.(trackCounter); ok {
		ts = c.counts()
	} else {
		ts = TrackSnapshot{FramesEncoded: t.encodedFrames(), FramesSent: t.sentFrames()}
	}
	ts.Source, ts.Kind = SourceName(source), "audio"
	if isVideoSource(source) {
		ts.Kind = "video"
	}
	ts.Codec, ts.Muted = t.codec(), t.isMuted()
	if pub := t.publication(); pub != nil {
		ts.SID = pub.SID()
	}
	return ts
}

func (t *videoTrack) counts() TrackSnapshot { return videoCounts(t.enc.Stats()) }

func (t *sharedVideoTrack) counts() TrackSnapshot { return videoCounts(t.enc.Stats()) }

// videoCounts adds up a video track's layers.
func videoCounts(st encode.VideoStats) TrackSnapshot {
	var ts TrackSnapshot
	for _, l := range st.Layers {
		ts.FramesEncoded += l.Encoded
		ts.FramesSent += l.Sent
		ts.BytesSent += l.BytesSent
		ts.FramesDropped += l.Dropped
		ts.Keyframes += l.Keyframes
	}
	return ts
}

func (t *audioTrack) counts() TrackSnapshot {
	return TrackSnapshot{FramesEncoded: t.enc.Encoded(), FramesSent: t.enc.Sent(), BytesSent: t.enc.BytesSent()}
}

func (t *sharedAudioTrack) counts() TrackSnapshot {
	return TrackSnapshot{FramesEncoded: t.enc.Delivered(), FramesSent: t.enc.Sent(), BytesSent: t.enc.BytesSent()}
}

// counts of a file played as it is: nothing is encoded, so what the
// player read is what it wrote.
func (t *sampleTrack) counts() TrackSnapshot {
	st := t.player.Stats()
	ts := TrackSnapshot{FramesEncoded: st.Sent, FramesSent: st.Sent, BytesSent: st.Bytes}
	if isVideoSource(t.source) {
		ts.Keyframes = st.Keyframes // the player counts every Opus packet as one
	}
	return ts
}
