package bot

import (
	"fmt"
	"io"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/media"
	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/file"
)

func (b *Bot) publishConfigured() error {
	for _, source := range b.configuredSources() {
		if err := b.Publish(source); err != nil {
			return err
		}
	}
	return nil
}

// Publish publishes the configured media for source (camera, microphone,
// screen share or its audio), muted when the config says start_muted.
func (b *Bot) Publish(source livekit.TrackSource) error {
	room, err := b.connectedRoom()
	if err != nil {
		return err
	}
	if !b.claims.Video.GetCanPublish() {
		return fmt.Errorf("publish %s: %w: the token does not grant canPublish", SourceName(source), ErrNotAllowed)
	}
	// Reserve the source first, so that concurrent commands cannot publish
	// it twice; the SDK's published callback then finds the track's state.
	if err := b.reserve(source); err != nil {
		return fmt.Errorf("publish %s: %w", SourceName(source), err)
	}
	t, err := b.newLocalTrack(source)
	if err != nil {
		b.release(source, nil)
		return fmt.Errorf("publish %s: %w", SourceName(source), err)
	}
	if !b.install(source, t) {
		t.close()
		return fmt.Errorf("publish %s: %w", SourceName(source), ErrNotConnected)
	}
	pub, err := t.publish(room.LocalParticipant, &lksdk.TrackPublicationOptions{Name: SourceName(source), Source: source})
	if err != nil {
		b.release(source, t)
		t.close()
		return fmt.Errorf("publish %s: %w", SourceName(source), err)
	}
	t.setPublication(pub)
	if t.isMuted() {
		pub.SetMuted(true)
	}
	t.start()
	b.watchSourceEnd(source, t)
	return nil
}

// reserve claims source for a Publish in progress.
func (b *Bot) reserve(source livekit.TrackSource) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrNotConnected
	}
	if _, ok := b.tracks[source]; ok || b.publishing[source] {
		return ErrAlreadyPublished
	}
	b.publishing[source] = true
	return nil
}

// install turns a reservation into a track; false if the bot closed
// meanwhile.
func (b *Bot) install(source livekit.TrackSource, t localTrack) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.publishing, source)
	if b.closed {
		return false
	}
	b.tracks[source] = t
	return true
}

// release drops a reservation or a track that failed to publish.
func (b *Bot) release(source livekit.TrackSource, t localTrack) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.publishing, source)
	if t != nil && b.tracks[source] == t {
		delete(b.tracks, source)
	}
}

func (b *Bot) newLocalTrack(source livekit.TrackSource) (localTrack, error) {
	spec, err := b.sourceSpec(source)
	if err != nil {
		return nil, err
	}
	switch {
	case source == livekit.TrackSource_CAMERA && b.sharedCamera(spec):
		return b.newSharedCameraTrack()
	case source == livekit.TrackSource_MICROPHONE && b.sharedMicrophone(spec):
		return b.newSharedMicrophoneTrack()
	}
	if spec.Kind == media.SourceFile {
		format, err := file.Detect(spec.Arg)
		if err != nil {
			return nil, err
		}
		if format.Encoded() {
			return b.newSampleTrack(source, spec.Arg)
		}
	}
	if isVideoSource(source) {
		return b.newVideoTrack(source, spec)
	}
	return b.newAudioTrack(source, spec)
}

func (b *Bot) newVideoTrack(source livekit.TrackSource, spec media.Spec) (*videoTrack, error) {
	in, err := b.idle.takeFrames(source), error(nil)
	if in.src == nil {
		if in, err = b.openVideo(source, spec); err != nil {
			return nil, err
		}
	}
	params := encode.VideoTrackParams{
		Source: in.src, Codec: b.cfg.VideoCodec, Width: in.width, Height: in.height, FPS: in.fps,
		BitrateBps: b.cfg.VideoBitrate, Simulcast: b.cfg.Simulcast, Muted: b.startMuted(source), Logger: b.log,
		Processors: []encode.Processor{&b.effect}, OnError: b.emitError,
	}
	if source == livekit.TrackSource_SCREEN_SHARE {
		// Text wants detail more than motion: one sharp stream by default,
		// and no camera effect.
		params.Simulcast, params.Processors = b.cfg.ScreenSimulcast, nil
		params.BitrateBps = b.cfg.ScreenBitrate
		if params.BitrateBps == 0 {
			params.BitrateBps = ScreenBitrate(in.width, in.height, in.fps)
		}
	}
	enc, err := encode.NewVideoTrack(params)
	if err != nil {
		closeSource(in.src)
		return nil, err
	}
	return &videoTrack{
		trackState: trackState{source: source, codecName: b.cfg.VideoCodec, muted: params.Muted},
		enc:        enc, in: in,
	}, nil
}

// ScreenBitrate is a screen share's default target: about 0.1 bit per
// pixel per frame, enough for sharp text at 15 frames/s (1.4 Mbit/s at
// 720p15, close to LiveKit's own 720p15 screen-share preset), and at least
// 200 kbit/s.
func ScreenBitrate(w, h, fps int) int {
	return max(w*h*fps/10, 200_000)
}

func (b *Bot) newAudioTrack(source livekit.TrackSource, spec media.Spec) (*audioTrack, error) {
	src, err := b.idle.takeSamples(source), error(nil)
	if src == nil {
		if src, err = b.openAudio(spec); err != nil {
			return nil, err
		}
	}
	muted := b.startMuted(source)
	var voice encode.SampleSource = src
	if talking := b.talking(); talking != nil && source == livekit.TrackSource_MICROPHONE {
		voice = talkGate{src: src, talking: talking}
	}
	enc, err := encode.NewAudioTrack(encode.AudioTrackParams{Source: voice, Muted: muted, Logger: b.log, OnError: b.emitError})
	if err != nil {
		closeSource(src)
		return nil, err
	}
	return &audioTrack{trackState: trackState{source: source, codecName: "opus", muted: muted}, enc: enc, src: src}, nil
}

// closeSource closes src when it holds something, such as a device or a
// file.
func closeSource(src any) {
	if c, ok := src.(io.Closer); ok {
		_ = c.Close()
	}
}

// Unpublish removes source's track. With release it also closes the source,
// so that a device is free for others; a later Publish reopens it.
func (b *Bot) Unpublish(source livekit.TrackSource, release bool) error {
	room, err := b.connectedRoom()
	if err != nil {
		return err
	}
	b.mu.Lock()
	t, ok := b.tracks[source]
	delete(b.tracks, source)
	b.mu.Unlock()
	if !ok {
		return fmt.Errorf("unpublish %s: %w", SourceName(source), ErrNotPublished)
	}
	t.close()
	if pub := t.publication(); pub != nil {
		if err := room.LocalParticipant.UnpublishTrack(pub.SID()); err != nil {
			return fmt.Errorf("unpublish %s: %w", SourceName(source), err)
		}
	}
	if release {
		t.releaseSource()
	} else {
		t.keepSource(&b.idle)
	}
	return nil
}

// SetMuted mutes or unmutes source's track. Muting signals the server and
// stops capture, encoding and RTP; unmuting resumes with a keyframe.
func (b *Bot) SetMuted(source livekit.TrackSource, muted bool) error {
	if _, err := b.connectedRoom(); err != nil {
		return err
	}
	b.mu.Lock()
	t, ok := b.tracks[source]
	b.mu.Unlock()
	if !ok {
		return fmt.Errorf("mute %s: %w", SourceName(source), ErrNotPublished)
	}
	// The server drops a muted track's packets until it handles the
	// unmute. So media stops before the mute signal goes, and resumes, with
	// its keyframe, only after the unmute signal went, so that the keyframe
	// does not arrive while the server still drops packets.
	pub := t.publication()
	if muted {
		t.setMuted(true)
	}
	if pub != nil {
		pub.SetMuted(muted)
	}
	if !muted {
		t.setMuted(false)
	}
	return nil
}
