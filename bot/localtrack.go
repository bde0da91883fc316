package bot

import (
	"sync"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/media/encode"
)

// localTrack is what the bot publishes for one source. It is keyed by
// source, not SID: the SDK republishes with new SIDs after a full reconnect.
type localTrack struct {
	source livekit.TrackSource
	video  *encode.VideoTrack
	audio  *encode.AudioTrack
	codec  string
	// src is the media source; kept for a later Publish unless released.
	src any

	mu     sync.Mutex
	pub    *lksdk.LocalTrackPublication
	muted  bool
	closed bool
}

func (t *localTrack) publication() *lksdk.LocalTrackPublication {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pub
}

func (t *localTrack) setPublication(pub *lksdk.LocalTrackPublication) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pub = pub
}

func (t *localTrack) isMuted() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.muted
}

// start launches the track's media loops, unless it was closed first.
func (t *localTrack) start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	if t.video != nil {
		t.video.Start()
	} else {
		t.audio.Start()
	}
}

// close stops the media loops and releases encoders; start after close does
// nothing.
func (t *localTrack) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.closed = true
	if t.video != nil {
		_ = t.video.Close()
	}
	if t.audio != nil {
		_ = t.audio.Close()
	}
}

// trackMuted reports whether source's track is muted; false when it is not
// published.
func (b *Bot) trackMuted(source livekit.TrackSource) bool {
	b.mu.Lock()
	t := b.tracks[source]
	b.mu.Unlock()
	return t != nil && t.isMuted()
}

// encodedFrames counts the frames source's track has encoded, over all
// layers; tests use it to prove that a muted track does no work.
func (b *Bot) encodedFrames(source livekit.TrackSource) uint64 {
	b.mu.Lock()
	t := b.tracks[source]
	b.mu.Unlock()
	if t == nil {
		return 0
	}
	if t.audio != nil {
		return t.audio.Encoded()
	}
	var n uint64
	for _, l := range t.video.Stats().Layers {
		n += l.Encoded
	}
	return n
}

// trackSID returns the current SID of source's track, or "".
func (b *Bot) trackSID(source livekit.TrackSource) string {
	b.mu.Lock()
	t := b.tracks[source]
	b.mu.Unlock()
	if t == nil || t.publication() == nil {
		return ""
	}
	return t.publication().SID()
}
