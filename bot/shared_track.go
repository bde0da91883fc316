package bot

import (
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/media/encode"
)

var (
	_ localTrack   = (*sharedVideoTrack)(nil)
	_ localTrack   = (*sharedAudioTrack)(nil)
	_ sentReporter = (*sharedVideoTrack)(nil)
	_ sentReporter = (*sharedAudioTrack)(nil)
)

// sharedVideoTrack publishes a camera whose frames a SharedVideo encodes
// for many bots.
type sharedVideoTrack struct {
	trackState
	enc           *encode.SharedVideoTrack
	width, height int
}

func (b *Bot) newSharedCameraTrack() (*sharedVideoTrack, error) {
	v := b.shared.Video
	enc, err := v.NewTrack(b.emitError)
	if err != nil {
		return nil, err
	}
	muted := b.cfg.StartMuted
	enc.SetMuted(muted)
	w, h := v.Size()
	return &sharedVideoTrack{
		trackState: trackState{source: livekit.TrackSource_CAMERA, codecName: v.Codec(), muted: muted},
		enc:        enc, width: w, height: h,
	}, nil
}

func (t *sharedVideoTrack) publish(lp *lksdk.LocalParticipant, opts *lksdk.TrackPublicationOptions) (*lksdk.LocalTrackPublication, error) {
	opts.VideoWidth, opts.VideoHeight = t.width, t.height
	tracks := t.enc.LocalTracks()
	if t.enc.Simulcast() {
		return lp.PublishSimulcastTrack(tracks, opts)
	}
	return lp.PublishTrack(tracks[0], opts)
}

func (t *sharedVideoTrack) start() { t.runUnlessClosed(t.enc.Start) }

func (t *sharedVideoTrack) close() { t.closeOnce(func() { _ = t.enc.Close() }) }

func (t *sharedVideoTrack) setMuted(muted bool) {
	t.recordMuted(muted)
	t.enc.SetMuted(muted)
}

// encodedFrames counts the frames the shared encoders handed this track.
func (t *sharedVideoTrack) encodedFrames() uint64 {
	var n uint64
	for _, l := range t.enc.Stats().Layers {
		n += l.Encoded
	}
	return n
}

func (t *sharedVideoTrack) sentFrames() uint64 {
	var n uint64
	for _, l := range t.enc.Stats().Layers {
		n += l.Sent
	}
	return n
}

// The shared source belongs to the shared encoder: nothing to keep or
// release.
func (t *sharedVideoTrack) keepSource(*idleSources) {}
func (t *sharedVideoTrack) releaseSource()          {}
func (t *sharedVideoTrack) mediaSource() any        { return nil }

func (t *sharedVideoTrack) sent() SentTrack {
	st := SentTrack{Source: SourceName(t.source), Kind: "video"}
	for _, l := range t.enc.Stats().Layers {
		st.Streams = append(st.Streams, SentStream{Width: l.Width, Height: l.Height, Frames: l.Sent, Bytes: l.BytesSent, Keyframes: l.Keyframes, Feedback: l.Feedback})
	}
	return st
}

// stall hangs this bot's camera alone (see Bot.StallCamera).
func (t *sharedVideoTrack) stall(d time.Duration) { t.enc.Stall(d) }

// sharedAudioTrack publishes a microphone whose voice and silence a
// SharedAudio encodes for many bots.
type sharedAudioTrack struct {
	trackState
	enc *encode.SharedAudioTrack
}

func (b *Bot) newSharedMicrophoneTrack() (*sharedAudioTrack, error) {
	enc, err := b.shared.Audio.NewTrack(b.shared.Talking, b.emitError)
	if err != nil {
		return nil, err
	}
	muted := b.cfg.StartMuted
	enc.SetMuted(muted)
	return &sharedAudioTrack{trackState: trackState{source: livekit.TrackSource_MICROPHONE, codecName: "opus", muted: muted}, enc: enc}, nil
}

func (t *sharedAudioTrack) publish(lp *lksdk.LocalParticipant, opts *lksdk.TrackPublicationOptions) (*lksdk.LocalTrackPublication, error) {
	return lp.PublishTrack(t.enc.LocalTrack(), opts)
}

func (t *sharedAudioTrack) start() { t.runUnlessClosed(t.enc.Start) }

func (t *sharedAudioTrack) close() { t.closeOnce(func() { _ = t.enc.Close() }) }

func (t *sharedAudioTrack) setMuted(muted bool) {
	t.recordMuted(muted)
	t.enc.SetMuted(muted)
}

func (t *sharedAudioTrack) encodedFrames() uint64 { return t.enc.Delivered() }

func (t *sharedAudioTrack) sentFrames() uint64 { return t.enc.Sent() }

func (t *sharedAudioTrack) keepSource(*idleSources) {}
func (t *sharedAudioTrack) releaseSource()          {}
func (t *sharedAudioTrack) mediaSource() any        { return nil }

func (t *sharedAudioTrack) sent() SentTrack {
	return SentTrack{Source: SourceName(t.source), Kind: "audio", Streams: []SentStream{
		{Frames: t.enc.Sent(), Bytes: t.enc.BytesSent(), Feedback: t.enc.Feedback()},
	}}
}
