package bot

import (
	"github.com/lkbot/lkbot/media/encode"
)

// SentTrack is one track the bot publishes, with what it sent and what
// the SFU reported back, per stream: a simulcast camera has one stream per
// layer, low to high; a microphone has one.
type SentTrack struct {
	// Source is "camera" or "microphone"; Kind is "video" or "audio".
	Source, Kind string
	Streams      []SentStream
}

// SentStream is one RTP stream of a SentTrack.
type SentStream struct {
	// Width and Height are the layer's size; zero for audio.
	Width, Height int
	// Frames and Bytes count what was written while the track was bound
	// (audio: one frame per packet); Keyframes counts video keyframes
	// encoded.
	Frames, Bytes, Keyframes uint64
	// Dropped counts captured frames the layer never sent: its encoder
	// was busy, or its rate control skipped them.
	Dropped  uint64
	Feedback encode.Feedback
}

// sentReporter is a local track that can say what it sent.
type sentReporter interface {
	sent() SentTrack
}

func (t *videoTrack) sent() SentTrack {
	st := SentTrack{Source: SourceName(t.source), Kind: "video"}
	for _, l := range t.enc.Stats().Layers {
		st.Streams = append(st.Streams, SentStream{Width: l.Width, Height: l.Height, Frames: l.Sent, Bytes: l.BytesSent, Keyframes: l.Keyframes, Dropped: l.Dropped, Feedback: l.Feedback})
	}
	return st
}

func (t *audioTrack) sent() SentTrack {
	return SentTrack{Source: SourceName(t.source), Kind: "audio", Streams: []SentStream{
		{Frames: t.enc.Sent(), Bytes: t.enc.BytesSent(), Feedback: t.enc.Feedback()},
	}}
}

// SentTracks returns what each published track has sent so far, for a
// load test to read the publisher's side. It is safe to call from any
// goroutine.
func (b *Bot) SentTracks() []SentTrack {
	b.mu.Lock()
	tracks := make([]localTrack, 0, len(b.tracks))
	for _, t := range b.tracks {
		tracks = append(tracks, t)
	}
	b.mu.Unlock()
	out := make([]SentTrack, 0, len(tracks))
	for _, t := range tracks {
		if r, ok := t.(sentReporter); ok {
			out = append(out, r.sent())
		}
	}
	return out
}
