package encode

import (
	"context"
	"fmt"
	"image"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtcp"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/media/synthetic"
)

// FrameSource renders raw I420 frames on demand.
type FrameSource interface {
	Next(dst *image.YCbCr, frameNumber uint32, capture time.Time)
}

// Processor changes a raw frame in place before it is encoded, keeping its
// size; background blur is one.
type Processor interface {
	Process(frame *image.YCbCr)
}

// VideoTrackParams describe a published video track.
type VideoTrackParams struct {
	Source        FrameSource
	Codec         string
	Width, Height int
	FPS           int
	// BitrateBps is the top layer's target; 0 picks DefaultBitrate.
	BitrateBps int
	// Simulcast adds half- and quarter-size layers, each with its own
	// encoder, for codecs that are SimulcastCapable; others publish one
	// full-size stream.
	Simulcast  bool
	Processors []Processor
	// KeyFrameInterval is the longest gap between keyframes, in frames;
	// 0 means three seconds.
	KeyFrameInterval int
	// Muted starts the track muted: no frame is captured or encoded.
	Muted  bool
	Logger *zap.Logger
	// OnError hears encode and write failures; it must not block.
	OnError func(op string, err error)
}

// VideoTrack captures frames from a source at a fixed rate, runs the
// processors, scales for each simulcast layer and encodes every layer on its
// own goroutine into an lksdk LocalTrack. Muting stops capture and encoding.
type VideoTrack struct {
	params   VideoTrackParams
	layers   []*layer // low to high; the last is full size
	frameDur time.Duration
	muted    atomic.Bool
	acked    atomic.Bool // the SFU sent RTCP for the track: it receives media
	// primeBudget is how many keyframes a muted track may still send
	// since its last bind (see needsPrime).
	primeBudget atomic.Int32
	bound       atomic.Bool
	wake        chan struct{}
	captured    atomic.Uint64
	// stallUntil, in Unix ns, is when a Stall ends: until then capture
	// skips its ticks.
	stallUntil atomic.Int64
	log        *zap.Logger

	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed atomic.Bool
}

// layer is one simulcast layer: a scaled copy of the picture and its encoder.
type layer struct {
	spec    *livekit.VideoLayer
	enc     *VideoEncoder
	box     *mailbox
	track   *lksdk.LocalTrack
	encoded atomic.Uint64
	sent    atomic.Uint64
	// resumeKeys is how many more keyframes to force, one after another,
	// after the keyframe that resumes the layer (see resumeKeyframes).
	resumeKeys atomic.Int32
	keyframes  atomic.Uint64
	requests   atomic.Uint64
	// bytesSent adds up the encoded frames written while bound.
	bytesSent atomic.Uint64
	// skipped counts frames the encoder's rate control left out (it
	// returned nothing for them).
	skipped atomic.Uint64
	fb      feedback
}

// NewVideoTrack builds the encoders and LocalTracks. Start begins media.
func NewVideoTrack(p VideoTrackParams) (*VideoTrack, error) {
	if p.Logger == nil {
		p.Logger = zap.NewNop()
	}
	if p.OnError == nil {
		p.OnError = func(string, error) {}
	}
	capability, err := Capability(p.Codec)
	if err != nil {
		return nil, err
	}
	if p.Simulcast && !SimulcastCapable(p.Codec) {
		p.Logger.Info(p.Codec+" is published as one full-size stream, not simulcast: LiveKit forwards "+p.Codec+" simulcast layers at about 1 frame/s",
			zap.String("codec", p.Codec))
		p.Simulcast = false
	}
	t := &VideoTrack{
		params:   p,
		frameDur: time.Second / time.Duration(p.FPS),
		wake:     make(chan struct{}, 1),
		log:      p.Logger,
	}
	t.muted.Store(p.Muted)
	simulcastID := fmt.Sprintf("lkbot-%d", time.Now().UnixNano())
	if p.KeyFrameInterval == 0 {
		p.KeyFrameInterval = 3 * p.FPS
	}
	for _, spec := range LayerSpecs(p.Width, p.Height, p.BitrateBps, p.Simulcast) {
		l := &layer{spec: spec}
		l.enc, err = NewVideoEncoder(VideoParams{
			Codec: p.Codec, Width: int(spec.Width), Height: int(spec.Height), FPS: p.FPS,
			BitrateBps: int(spec.Bitrate), KeyFrameInterval: p.KeyFrameInterval, Logger: p.Logger,
		})
		if err != nil {
			t.closeEncoders()
			return nil, err
		}
		l.box = newMailbox(int(spec.Width), int(spec.Height), synthetic.NewFrame)
		t.layers = append(t.layers, l)
		opts := []lksdk.LocalTrackOptions{lksdk.WithRTCPHandler(func(pkt rtcp.Packet) {
			t.acked.Store(true)
			l.onRTCP(pkt)
			l.fb.onRTCP(pkt, time.Now())
		})}
		if p.Simulcast {
			opts = append(opts, lksdk.WithSimulcast(simulcastID, spec))
		}
		l.track, err = lksdk.NewLocalTrack(capability, opts...)
		if err != nil {
			t.closeEncoders()
			return nil, fmt.Errorf("new %s track: %w", p.Codec, err)
		}
		l.track.OnBind(t.onBind)
		l.fb.ssrc = func() uint32 { return uint32(l.track.SSRC()) }
	}
	return t, nil
}

// minLayerHeight drops simulcast layers too small to be worth an encoder.
const minLayerHeight = 90

// LayerSpecs returns the layers, low to high, for a w x h track: with
// simulcast a quarter-, half- and full-size layer (dropping scaled layers
// under 90 lines), without it only full size.
func LayerSpecs(w, h, bitrate int, simulcast bool) []*livekit.VideoLayer {
	full := bitrate
	if full == 0 {
		full = DefaultBitrate(w, h)
	}
	mk := func(q livekit.VideoQuality, div int) *livekit.VideoLayer {
		lw := w / div &^ 1
		lh := lw * h / w &^ 1
		rate := DefaultBitrate(lw, lh) * full / DefaultBitrate(w, h)
		return &livekit.VideoLayer{Quality: q, Width: uint32(lw), Height: uint32(lh), Bitrate: uint32(rate)}
	}
	if !simulcast {
		return []*livekit.VideoLayer{mk(livekit.VideoQuality_HIGH, 1)}
	}
	var out []*livekit.VideoLayer
	for _, l := range []struct {
		q   livekit.VideoQuality
		div int
	}{{livekit.VideoQuality_LOW, 4}, {livekit.VideoQuality_MEDIUM, 2}, {livekit.VideoQuality_HIGH, 1}} {
		if l.div == 1 || h/l.div >= minLayerHeight {
			out = append(out, mk(l.q, l.div))
		}
	}
	return out
}

// Simulcast reports whether the track publishes simulcast layers: asked
// for, and SimulcastCapable.
func (t *VideoTrack) Simulcast() bool { return t.params.Simulcast }

// LocalTracks returns one track per layer, low to high, for PublishTrack or
// PublishSimulcastTrack.
func (t *VideoTrack) LocalTracks() []*lksdk.LocalTrack {
	out := make([]*lksdk.LocalTrack, len(t.layers))
	for i, l := range t.layers {
		out[i] = l.track
	}
	return out
}

// Start launches the capture loop and one encoder goroutine per layer. They
// run until Close.
//
// A track that starts muted still sends one keyframe per layer first: the
// SFU only makes a video track visible to others once media arrives.
func (t *VideoTrack) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	t.wg.Add(1 + len(t.layers))
	go t.captureLoop(ctx)
	for _, l := range t.layers {
		go t.encodeLoop(ctx, l)
	}
}

// SetMuted stops or resumes capture and encoding. Unmuting forces a
// keyframe on every layer so that receivers can decode at once.
func (t *VideoTrack) SetMuted(muted bool) {
	if muted {
		t.muted.Store(true)
		for _, l := range t.layers {
			l.box.discard()
		}
	} else {
		for _, l := range t.layers {
			l.resumeKeys.Store(resumeKeyframes(t.params.Codec) - 1)
			l.enc.ForceKeyFrame()
		}
		t.muted.Store(false)
	}
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Muted reports whether the track is muted.
func (t *VideoTrack) Muted() bool { return t.muted.Load() }

// Close stops the goroutines, then releases encoders and tracks.
func (t *VideoTrack) Close() error {
	if t.closed.Swap(true) {
		return nil
	}
	if t.cancel != nil {
		t.cancel()
	}
	t.wg.Wait()
	for _, l := range t.layers {
		_ = l.track.Close()
	}
	t.closeEncoders()
	return nil
}

func (t *VideoTrack) closeEncoders() {
	for _, l := range t.layers {
		if l.enc != nil {
			_ = l.enc.Close()
		}
	}
}

// onBind lets a muted track send its first keyframe once the peer
// connection can carry it.
func (t *VideoTrack) onBind() {
	t.acked.Store(false)
	t.primeBudget.Store(maxPrimes)
	t.bound.Store(true)
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

func (l *layer) onRTCP(pkt rtcp.Packet) {
	switch pkt.(type) {
	case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
		l.requests.Add(1)
		l.enc.ForceKeyFrame()
	}
}
