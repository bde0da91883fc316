package bot

import (
	"fmt"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/media"
	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/synthetic"
)

func (b *Bot) publishConfigured() error {
	if !isNone(b.cfg.Camera) {
		if err := b.Publish(livekit.TrackSource_CAMERA); err != nil {
			return err
		}
	}
	if !isNone(b.cfg.Mic) {
		if err := b.Publish(livekit.TrackSource_MICROPHONE); err != nil {
			return err
		}
	}
	return nil
}

// Publish publishes the configured media for source (camera or microphone),
// muted when the config says start_muted.
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
	switch source {
	case livekit.TrackSource_CAMERA:
		if spec, err := media.ParseSpec(b.cfg.Camera); err == nil && b.sharedCamera(spec) {
			return b.newSharedCameraTrack()
		}
		return b.newCameraTrack()
	case livekit.TrackSource_MICROPHONE:
		if spec, err := media.ParseSpec(b.cfg.Mic); err == nil && b.sharedMicrophone(spec) {
			return b.newSharedMicrophoneTrack()
		}
		return b.newMicrophoneTrack()
	}
	return nil, fmt.Errorf("%s: %w", SourceName(source), media.ErrNotSupportedYet)
}

func (b *Bot) newCameraTrack() (*videoTrack, error) {
	source := livekit.TrackSource_CAMERA
	spec, err := media.ParseSpec(b.cfg.Camera)
	if err != nil {
		return nil, err
	}
	if spec.Kind == media.SourceNone {
		spec.Kind = media.SourceSynthetic
	}
	if err := spec.Supported(); err != nil {
		return nil, err
	}
	w, h, err := ParseResolution(b.cfg.Resolution)
	if err != nil {
		return nil, err
	}
	src := b.idle.takeFrames(source)
	if src == nil {
		if src, err = synthetic.NewVideoSource(w, h, b.cfg.FPS); err != nil {
			return nil, err
		}
	}
	muted := b.cfg.StartMuted
	enc, err := encode.NewVideoTrack(encode.VideoTrackParams{
		Source: src, Codec: b.cfg.VideoCodec, Width: w, Height: h, FPS: b.cfg.FPS,
		BitrateBps: b.cfg.VideoBitrate, Simulcast: b.cfg.Simulcast, Muted: muted, Logger: b.log,
		Processors: []encode.Processor{&b.effect}, OnError: b.emitError,
	})
	if err != nil {
		return nil, err
	}
	return &videoTrack{
		trackState: trackState{source: source, codecName: b.cfg.VideoCodec, muted: muted},
		enc:        enc, src: src, width: w, height: h,
	}, nil
}

func (b *Bot) newMicrophoneTrack() (*audioTrack, error) {
	source := livekit.TrackSource_MICROPHONE
	spec, err := media.ParseSpec(b.cfg.Mic)
	if err != nil {
		return nil, err
	}
	if err := spec.Supported(); err != nil {
		return nil, err
	}
	src := b.idle.takeSamples(source)
	if src == nil {
		if src, err = synthetic.NewAudioSource(encode.AudioSampleRate, 1); err != nil {
			return nil, err
		}
	}
	muted := b.cfg.StartMuted
	var voice encode.SampleSource = src
	if talking := b.talking(); talking != nil {
		voice = talkGate{src: src, talking: talking}
	}
	enc, err := encode.NewAudioTrack(encode.AudioTrackParams{Source: voice, Muted: muted, Logger: b.log, OnError: b.emitError})
	if err != nil {
		return nil, err
	}
	return &audioTrack{trackState: trackState{source: source, codecName: "opus", muted: muted}, enc: enc, src: src}, nil
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
