package bot

import (
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/pion/rtp"
)

// ReceivedTrackInfo describes a subscribed track to a TrackSink.
type ReceivedTrackInfo struct {
	Participant string
	SID         string
	// Source is camera, microphone, screen_share or screen_share_audio.
	Source    string
	Kind      string // audio or video
	MimeType  string
	ClockRate uint32
	Simulcast bool
	// Layers are a simulcast track's layers, with their sizes.
	Layers []*livekit.VideoLayer
	// RequestKeyframe sends the track's publisher a PLI.
	RequestKeyframe func()
	// SetVideoQuality asks the SFU for a simulcast layer.
	SetVideoQuality func(q livekit.VideoQuality)
}

// TrackSink takes the packets of the tracks a bot subscribes to: a
// recorder is one (Params.Sink).
type TrackSink interface {
	// Open is called once for each subscribed track, on the SDK's
	// goroutine; it must not block. A nil writer skips the track.
	Open(info ReceivedTrackInfo) TrackWriter
}

// TrackWriter receives one track's packets. WriteRTP is called on the
// track's reader goroutine, SenderReport on the SDK's RTCP goroutine and
// Paused on its event goroutine, so a writer synchronises them itself;
// none may block for long. Close is called once, after the last WriteRTP,
// when the track ends or the bot closes.
type TrackWriter interface {
	WriteRTP(pkt *rtp.Packet, arrival time.Time)
	// SenderReport passes a sender report's NTP and RTP times, which tie
	// the publisher's RTP clock to wall time.
	SenderReport(ntp uint64, rtpTime uint32)
	// Paused says the publisher muted (true) or unmuted the track.
	Paused(paused bool)
	Close()
}
