package bot

import (
	"sync"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/media/encode"
)

// localTrack is what the bot publishes for one source: a videoTrack for
// the camera or an audioTrack for the microphone. It is keyed by source,
// not SID: the SDK republishes with new SIDs after a full reconnect.
type localTrack interface {
	// publish announces the track's encoded output to the room.
	publish(lp *lksdk.LocalParticipant, opts *lksdk.TrackPublicationOptions) (*lksdk.LocalTrackPublication, error)
	// start launches the media loops, unless the track was closed first.
	start()
	// close stops the media loops and releases the encoders; start after
	// close does nothing. The source stays open: see keepSource.
	close()
	// setMuted records the mute state and stops or resumes capture and
	// encoding; unmuting resumes with a keyframe. The SDK publication is
	// the caller's business.
	setMuted(muted bool)
	isMuted() bool
	publication() *lksdk.LocalTrackPublication
	setPublication(pub *lksdk.LocalTrackPublication)
	// codec is the codec name Status reports.
	codec() string
	// encodedFrames counts what the encoders produced, over all layers.
	encodedFrames() uint64
	// sentFrames counts the frames written to the peer connection, over all
	// layers; for audio each is one RTP packet.
	sentFrames() uint64
	// keepSource parks the source in idle for the next Publish of the same
	// track source; releaseSource closes it instead, freeing a device.
	keepSource(idle *idleSources)
	releaseSource()
	// source is what the track's media comes from; when it is an ender,
	// the bot unpublishes the track once it ends.
	mediaSource() any
}

var (
	_ localTrack = (*videoTrack)(nil)
	_ localTrack = (*audioTrack)(nil)
	_ localTrack = (*sampleTrack)(nil)
)

// trackState is what every local track keeps besides its media: the SDK
// publication and the mute state, which outlive a republish.
type trackState struct {
	source    livekit.TrackSource
	codecName string

	mu     sync.Mutex
	pub    *lksdk.LocalTrackPublication
	muted  bool
	closed bool
}

func (s *trackState) codec() string { return s.codecName }

func (s *trackState) publication() *lksdk.LocalTrackPublication {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pub
}

func (s *trackState) setPublication(pub *lksdk.LocalTrackPublication) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub = pub
}

func (s *trackState) isMuted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.muted
}

func (s *trackState) recordMuted(muted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.muted = muted
}

// runUnlessClosed calls f under the lock unless the track is closed, so
// that start and close cannot interleave.
func (s *trackState) runUnlessClosed(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		f()
	}
}

// closeOnce calls f under the lock the first time only, and marks the
// track closed.
func (s *trackState) closeOnce(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	f()
}

// videoTrack publishes raw frames from src encoded as one stream, or as
// simulcast layers when the encoder track has them.
type videoTrack struct {
	trackState
	enc *encode.VideoTrack
	in  videoInput
}

func (t *videoTrack) publish(lp *lksdk.LocalParticipant, opts *lksdk.TrackPublicationOptions) (*lksdk.LocalTrackPublication, error) {
	opts.VideoWidth, opts.VideoHeight = t.in.width, t.in.height
	tracks := t.enc.LocalTracks()
	if t.enc.Simulcast() {
		return lp.PublishSimulcastTrack(tracks, opts)
	}
	return lp.PublishTrack(tracks[0], opts)
}

func (t *videoTrack) start() { t.runUnlessClosed(t.enc.Start) }

func (t *videoTrack) close() { t.closeOnce(func() { _ = t.enc.Close() }) }

func (t *videoTrack) setMuted(muted bool) {
	t.recordMuted(muted)
	t.enc.SetMuted(muted)
}

func (t *videoTrack) encodedFrames() uint64 {
	var n uint64
	for _, l := range t.enc.Stats().Layers {
		n += l.Encoded
	}
	return n
}

func (t *videoTrack) sentFrames() uint64 {
	var n uint64
	for _, l := range t.enc.Stats().Layers {
		n += l.Sent
	}
	return n
}

func (t *videoTrack) keepSource(idle *idleSources) { idle.keepFrames(t.source, t.in) }

func (t *videoTrack) releaseSource() { closeSource(t.in.src) }

func (t *videoTrack) mediaSource() any { return t.in.src }

// audioTrack publishes samples from src encoded as Opus.
type audioTrack struct {
	trackState
	enc *encode.AudioTrack
	src encode.SampleSource
}

func (t *audioTrack) publish(lp *lksdk.LocalParticipant, opts *lksdk.TrackPublicationOptions) (*lksdk.LocalTrackPublication, error) {
	return lp.PublishTrack(t.enc.LocalTrack(), opts)
}

func (t *audioTrack) start() { t.runUnlessClosed(t.enc.Start) }

func (t *audioTrack) close() { t.closeOnce(func() { _ = t.enc.Close() }) }

func (t *audioTrack) setMuted(muted bool) {
	t.recordMuted(muted)
	t.enc.SetMuted(muted)
}

func (t *audioTrack) encodedFrames() uint64 { return t.enc.Encoded() }

func (t *audioTrack) sentFrames() uint64 { return t.enc.Sent() }

func (t *audioTrack) keepSource(idle *idleSources) { idle.keepSamples(t.source, t.src) }

func (t *audioTrack) releaseSource() { closeSource(t.src) }

func (t *audioTrack) mediaSource() any { return t.src }

// idleSources keeps the sources of tracks unpublished without release, by
// track source, so that the next Publish continues where they stopped.
type idleSources struct {
	mu      sync.Mutex
	frames  map[livekit.TrackSource]videoInput
	samples map[livekit.TrackSource]encode.SampleSource
}

func (s *idleSources) keepFrames(source livekit.TrackSource, in videoInput) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frames == nil {
		s.frames = map[livekit.TrackSource]videoInput{}
	}
	s.frames[source] = in
}

func (s *idleSources) keepSamples(source livekit.TrackSource, src encode.SampleSource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.samples == nil {
		s.samples = map[livekit.TrackSource]encode.SampleSource{}
	}
	s.samples[source] = src
}

// takeFrames returns and forgets source's idle video input; its src is
// nil when there is none.
func (s *idleSources) takeFrames(source livekit.TrackSource) videoInput {
	s.mu.Lock()
	defer s.mu.Unlock()
	src := s.frames[source]
	delete(s.frames, source)
	return src
}

// takeSamples returns and forgets source's idle sample source, or nil.
func (s *idleSources) takeSamples(source livekit.TrackSource) encode.SampleSource {
	s.mu.Lock()
	defer s.mu.Unlock()
	src := s.samples[source]
	delete(s.samples, source)
	return src
}

// closeAll closes every idle source, freeing devices and files, when the
// bot closes.
func (s *idleSources) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for source, in := range s.frames {
		closeSource(in.src)
		delete(s.frames, source)
	}
	for source, src := range s.samples {
		closeSource(src)
		delete(s.samples, source)
	}
}

// track returns source's published track, or nil.
func (b *Bot) track(source livekit.TrackSource) localTrack {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tracks[source]
}

// trackMuted reports whether source's track is muted; false when it is not
// published.
func (b *Bot) trackMuted(source livekit.TrackSource) bool {
	t := b.track(source)
	return t != nil && t.isMuted()
}

// encodedFrames counts the frames source's track has encoded, over all
// layers; tests use it to prove that a muted track does no work.
func (b *Bot) encodedFrames(source livekit.TrackSource) uint64 {
	t := b.track(source)
	if t == nil {
		return 0
	}
	return t.encodedFrames()
}

// SentFrames counts the frames source's track has written to the peer
// connection since it was published, over all layers (for the microphone,
// RTP packets): what the bot itself sent, as opposed to what the server
// may add, such as the silence it sends to subscribers of a muted
// microphone. It is 0 when source is not published.
func (b *Bot) SentFrames(source livekit.TrackSource) uint64 {
	t := b.track(source)
	if t == nil {
		return 0
	}
	return t.sentFrames()
}

// trackSID returns the current SID of source's track, or "".
func (b *Bot) trackSID(source livekit.TrackSource) string {
	t := b.track(source)
	if t == nil || t.publication() == nil {
		return ""
	}
	return t.publication().SID()
}
