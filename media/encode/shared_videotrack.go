package encode

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4/pkg/media"
)

// sampleWriter is where a shared encoder's samples go: an
// lksdk.LocalTrack, or a recorder in tests.
type sampleWriter interface {
	WriteSample(sample media.Sample, opts *lksdk.SampleWriteOptions) error
	IsBound() bool
}

var _ sampleWriter = (*lksdk.LocalTrack)(nil)

// SharedVideoTrack is one publisher's camera on a SharedVideo: a
// LocalTrack per layer that the shared encoders write to. Its mute, stall
// and close concern its own tracks only.
type SharedVideoTrack struct {
	shared  *SharedVideo
	tracks  []*lksdk.LocalTrack // low to high; nil in tests
	sinks   []*videoSink        // one per layer, as tracks
	onError func(op string, err error)

	muted atomic.Bool
	// acked is set by the SFU's first RTCP after a bind: it receives.
	acked atomic.Bool
	bound atomic.Bool
	// primeBudget is how many keyframes a muted track may still send
	// since its last bind, for the SFU to make it visible.
	primeBudget atomic.Int32
	stallUntil  atomic.Int64 // Unix ns
	writeErrs   atomic.Uint64

	// mu guards closed; writes hold it for reading, so that once Close
	// has it no write to the tracks is under way or will start.
	mu       sync.RWMutex
	closed   bool
	attached bool
}

// videoSink is one track's writer on one layer, with what it sent.
type videoSink struct {
	track *SharedVideoTrack
	layer *sharedLayer
	w     sampleWriter
	// waitKey holds delta frames back until a keyframe: set on bind and
	// unmute, so that the track resumes at a frame its viewers can decode.
	waitKey   atomic.Bool
	delivered atomic.Uint64
	sent      atomic.Uint64
	bytes     atomic.Uint64
	keyframes atomic.Uint64
	requests  atomic.Uint64
	fb        feedback
}

// NewTrack makes a publisher's LocalTracks, one per layer. Its Start
// attaches them to the encoders. onError, which may be nil, hears write
// failures; it must not block.
func (s *SharedVideo) NewTrack(onError func(op string, err error)) (*SharedVideoTrack, error) {
	capability, _ := Capability(s.params.Codec)
	simulcastID := fmt.Sprintf("lkbot-shared-%d", s.ids.Add(1))
	t := s.newTrack(onError)
	for _, l := range s.layers {
		k := &videoSink{track: t, layer: l}
		opts := []lksdk.LocalTrackOptions{lksdk.WithRTCPHandler(func(pkt rtcp.Packet) { t.onRTCP(k, pkt) })}
		if s.params.Simulcast {
			opts = append(opts, lksdk.WithSimulcast(simulcastID, l.spec))
		}
		lt, err := lksdk.NewLocalTrack(capability, opts...)
		if err != nil {
			return nil, fmt.Errorf("new shared %s track: %w", s.params.Codec, err)
		}
		lt.OnBind(func() { t.onBind(k) })
		k.w = lt
		k.fb.ssrc = func() uint32 { return uint32(lt.SSRC()) }
		t.tracks = append(t.tracks, lt)
		t.sinks = append(t.sinks, k)
	}
	return t, nil
}

func (s *SharedVideo) newTrack(onError func(op string, err error)) *SharedVideoTrack {
	if onError == nil {
		onError = func(string, error) {}
	}
	return &SharedVideoTrack{shared: s, onError: onError}
}

// LocalTracks returns one track per layer, low to high, for PublishTrack or
// PublishSimulcastTrack.
func (t *SharedVideoTrack) LocalTracks() []*lksdk.LocalTrack { return t.tracks }

// Simulcast reports whether the tracks are simulcast layers.
func (t *SharedVideoTrack) Simulcast() bool { return t.shared.params.Simulcast }

// Start attaches the track to the shared encoders: from now on it gets
// their frames, from a keyframe on, which it asks for within the shared
// gate (its bind may have come first, and its keyframe gone before). It
// does nothing after Close.
func (t *SharedVideoTrack) Start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || t.attached {
		return
	}
	for _, k := range t.sinks {
		k.waitKey.Store(true)
	}
	t.attached = t.shared.attach(t)
	if t.attached {
		for _, k := range t.sinks {
			t.shared.requestKeyframe(k.layer)
		}
	}
}

// SetMuted stops or resumes this track's writes only. Unmuting asks for a
// keyframe, within the shared gate, and holds delta frames back until it.
func (t *SharedVideoTrack) SetMuted(muted bool) {
	if !muted && t.muted.Load() {
		for _, k := range t.sinks {
			k.waitKey.Store(true)
			k.layer.resumeKeys.Store(resumeKeyframes(t.shared.params.Codec) - 1)
			t.shared.requestKeyframe(k.layer)
		}
	}
	t.muted.Store(muted)
	t.shared.signal()
}

// Muted reports whether the track is muted.
func (t *SharedVideoTrack) Muted() bool { return t.muted.Load() }

// Stall makes this track send no frame for d while it stays unmuted, as
// a hung camera would (see VideoTrack.Stall); the other tracks go on.
func (t *SharedVideoTrack) Stall(d time.Duration) {
	t.stallUntil.Store(time.Now().Add(d).UnixNano())
}

// Close detaches the track, waits for a write under way, and closes the
// LocalTracks. Nothing is written to them afterwards.
func (t *SharedVideoTrack) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	attached := t.attached
	t.mu.Unlock()
	if attached {
		t.shared.detach(t)
	}
	for _, lt := range t.tracks {
		_ = lt.Close()
	}
	return nil
}

// needsPrime: a muted track sends keyframes after a bind until the SFU
// acknowledges it, which makes the track visible to others.
func (t *SharedVideoTrack) needsPrime() bool {
	return t.bound.Load() && !t.acked.Load() && t.primeBudget.Load() > 0
}

// wantsFrames reports whether the track would send what the encoders make.
func (t *SharedVideoTrack) wantsFrames() bool { return !t.muted.Load() || t.needsPrime() }

// onBind: a layer's LocalTrack joined a peer connection. It starts at a
// keyframe, which it asks for within the shared gate.
func (t *SharedVideoTrack) onBind(k *videoSink) {
	t.acked.Store(false)
	t.primeBudget.Store(maxPrimes)
	t.bound.Store(true)
	k.waitKey.Store(true)
	t.shared.requestKeyframe(k.layer)
	t.shared.signal()
}

func (t *SharedVideoTrack) onRTCP(k *videoSink, pkt rtcp.Packet) {
	t.acked.Store(true)
	k.fb.onRTCP(pkt, time.Now())
	switch pkt.(type) {
	case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
		k.requests.Add(1)
		t.shared.requestKeyframe(k.layer)
	}
}

// write sends one encoded frame of k's layer to k's LocalTrack, unless the
// track is closed, stalled, muted (a muted track needing a prime takes
// keyframes) or waiting for a keyframe.
func (k *videoSink) write(sample media.Sample, key, top bool) {
	t := k.track
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed || sample.Timestamp.UnixNano() < t.stallUntil.Load() {
		return
	}
	if t.muted.Load() {
		if !key || !t.needsPrime() {
			return
		}
		if top {
			t.primeBudget.Add(-1)
		}
	}
	if !key && k.waitKey.Load() {
		return
	}
	if key {
		k.waitKey.Store(false)
	}
	k.delivered.Add(1)
	bound := k.w.IsBound()
	err := k.w.WriteSample(sample, nil)
	if err != nil {
		if n := t.writeErrs.Add(1); n == 1 || n%1000 == 0 {
			t.onError("write shared video", err)
		}
		return
	}
	if bound {
		k.sent.Add(1)
		k.bytes.Add(uint64(len(sample.Data)))
		if key {
			k.keyframes.Add(1)
		}
	}
}

// Stats returns what this track sent: Captured is the shared source's;
// per layer, Encoded counts the frames handed to the track, Keyframes the
// keyframes among those sent, KeyframeRequests the track's own PLIs and
// FIRs.
func (t *SharedVideoTrack) Stats() VideoStats {
	s := VideoStats{Captured: t.shared.captured.Load()}
	for _, k := range t.sinks {
		s.Layers = append(s.Layers, LayerStats{
			Width: int(k.layer.spec.Width), Height: int(k.layer.spec.Height),
			Encoded: k.delivered.Load(), Sent: k.sent.Load(), Keyframes: k.keyframes.Load(),
			KeyframeRequests: k.requests.Load(), BytesSent: k.bytes.Load(), Feedback: k.fb.snapshot(),
		})
	}
	return s
}
