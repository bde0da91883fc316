package encode

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/pion/webrtc/v4/pkg/media"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/media/synthetic"
)

// SharedVideoParams describe a shared camera: one source, encoded once per
// layer for every track attached to it.
type SharedVideoParams struct {
	Source        FrameSource
	Codec         string
	Width, Height int
	FPS           int
	// BitrateBps is the top layer's target; 0 picks DefaultBitrate.
	BitrateBps int
	// Simulcast encodes the layers LayerSpecs gives, for codecs that are
	// SimulcastCapable.
	Simulcast bool
	// KeyFrameInterval is the longest gap between keyframes, in frames;
	// 0 means three seconds.
	KeyFrameInterval int
	// KeyframeGap is the shortest gap between keyframes that requests
	// force; 0 means DefaultKeyframeGap.
	KeyframeGap time.Duration
	Logger      *zap.Logger
	// OnError hears encode failures; it must not block.
	OnError func(op string, err error)
}

// SharedVideo encodes once, publishes many: one capture loop renders the
// source and one encoder per layer encodes it, and every encoded frame is
// written to each attached SharedVideoTrack, one per publisher (each
// publisher has its own peer connection, so its own LocalTracks). A
// publisher then costs packetisation and SRTP, not an encoder. Keyframe
// requests from any track force a keyframe for all, at most one per
// KeyframeGap per layer. Capture and encoding idle while no attached
// track is unmuted.
type SharedVideo struct {
	params   SharedVideoParams
	layers   []*sharedLayer // low to high; the last is full size
	frameDur time.Duration
	// now is the clock keyframe requests read; tests replace it.
	now      func() time.Time
	wake     chan struct{}
	captured atomic.Uint64
	ids      atomic.Uint64 // numbers the tracks' simulcast IDs

	mu     sync.Mutex
	closed bool
	// tracks are the attached tracks; replaced, never changed in place,
	// so that the loops read them without the lock.
	tracks atomic.Pointer[[]*SharedVideoTrack]

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// sharedLayer is one layer's encoder and the writers of every attached
// track on that layer.
type sharedLayer struct {
	index      int
	spec       *livekit.VideoLayer
	enc        *VideoEncoder
	box        *mailbox
	gate       keyframeGate
	resumeKeys atomic.Int32
	encoded    atomic.Uint64
	keyframes  atomic.Uint64
	// sinks are the attached tracks' sinks on this layer; replaced, never
	// changed in place.
	sinks atomic.Pointer[[]*videoSink]
}

// NewSharedVideo builds the encoders. Start begins capture.
func NewSharedVideo(p SharedVideoParams) (*SharedVideo, error) {
	if p.Logger == nil {
		p.Logger = zap.NewNop()
	}
	if p.OnError == nil {
		p.OnError = func(string, error) {}
	}
	if p.FPS <= 0 {
		return nil, fmt.Errorf("shared %s video at %d fps: want at least 1", p.Codec, p.FPS)
	}
	if _, err := Capability(p.Codec); err != nil {
		return nil, err
	}
	if p.Simulcast && !SimulcastCapable(p.Codec) {
		p.Logger.Info(p.Codec+" is published as one full-size stream, not simulcast: LiveKit forwards "+p.Codec+" simulcast layers at about 1 frame/s",
			zap.String("codec", p.Codec))
		p.Simulcast = false
	}
	if p.KeyFrameInterval == 0 {
		p.KeyFrameInterval = 3 * p.FPS
	}
	if p.KeyframeGap == 0 {
		p.KeyframeGap = DefaultKeyframeGap
	}
	s := &SharedVideo{params: p, frameDur: time.Second / time.Duration(p.FPS), now: time.Now, wake: make(chan struct{}, 1)}
	s.tracks.Store(&[]*SharedVideoTrack{})
	for i, spec := range LayerSpecs(p.Width, p.Height, p.BitrateBps, p.Simulcast) {
		enc, err := NewVideoEncoder(VideoParams{
			Codec: p.Codec, Width: int(spec.Width), Height: int(spec.Height), FPS: p.FPS,
			BitrateBps: int(spec.Bitrate), KeyFrameInterval: p.KeyFrameInterval, Logger: p.Logger,
		})
		if err != nil {
			s.closeEncoders()
			return nil, fmt.Errorf("shared video: %w", err)
		}
		l := &sharedLayer{index: i, spec: spec, enc: enc, box: newMailbox(int(spec.Width), int(spec.Height), synthetic.NewFrame)}
		l.gate.gap = p.KeyframeGap
		l.sinks.Store(&[]*videoSink{})
		s.layers = append(s.layers, l)
	}
	return s, nil
}

// Start launches the capture loop and one encoder goroutine per layer.
// They run until Close.
func (s *SharedVideo) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.wg.Add(1 + len(s.layers))
	go s.captureLoop(ctx)
	for _, l := range s.layers {
		go s.encodeLoop(ctx, l)
	}
}

// Close stops the loops and releases the encoders. Tracks still attached
// get no more frames; each is closed by its own owner.
func (s *SharedVideo) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	cancel := s.cancel
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	s.wg.Wait()
	s.closeEncoders()
	return nil
}

func (s *SharedVideo) closeEncoders() {
	for _, l := range s.layers {
		_ = l.enc.Close()
	}
}

// Size is the full-size layer's width and height.
func (s *SharedVideo) Size() (width, height int) {
	top := s.layers[len(s.layers)-1].spec
	return int(top.Width), int(top.Height)
}

// Codec is the codec name the layers are encoded with.
func (s *SharedVideo) Codec() string { return s.params.Codec }

// Simulcast reports whether the tracks carry simulcast layers.
func (s *SharedVideo) Simulcast() bool { return s.params.Simulcast }

// signal wakes the capture loop to look at the tracks' state again.
func (s *SharedVideo) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// requestKeyframe asks layer l's encoder for a keyframe, within its gate.
func (s *SharedVideo) requestKeyframe(l *sharedLayer) {
	if l.gate.request(s.now()) {
		l.enc.ForceKeyFrame()
	}
}

// active reports whether some attached track wants frames.
func (s *SharedVideo) active() bool {
	for _, t := range *s.tracks.Load() {
		if t.wantsFrames() {
			return true
		}
	}
	return false
}

// captureLoop renders one frame per tick while some track wants frames,
// and waits without ticking otherwise.
func (s *SharedVideo) captureLoop(ctx context.Context) {
	defer s.wg.Done()
	ticker := time.NewTicker(s.frameDur)
	defer ticker.Stop()
	var number uint32
	for {
		if !s.active() {
			select {
			case <-s.wake:
				ticker.Reset(s.frameDur)
				continue
			case <-ctx.Done():
				return
			}
		}
		var now time.Time
		select {
		case now = <-ticker.C:
		case <-s.wake:
			continue
		case <-ctx.Done():
			return
		}
		s.capture(number, now)
		number++
	}
}

// capture renders frame number into the top layer and posts scaled copies
// to the lower layers, each scaled from the one above it.
func (s *SharedVideo) capture(number uint32, now time.Time) {
	top := s.layers[len(s.layers)-1]
	full := top.box.acquire()
	full.number, full.capture, full.prime = number, now, false
	s.params.Source.Next(full.img, number, now)
	top.box.post(full)
	above := full
	for i := len(s.layers) - 2; i >= 0; i-- {
		l := s.layers[i]
		f := l.box.acquire()
		synthetic.Downscale(f.img, above.img)
		f.number, f.capture, f.prime = number, now, false
		l.box.post(f)
		above = f
	}
	s.captured.Add(1)
}

func (s *SharedVideo) encodeLoop(ctx context.Context, l *sharedLayer) {
	defer s.wg.Done()
	for {
		f, ok := l.box.take(ctx)
		if !ok {
			return
		}
		s.encodeFrame(l, f)
	}
}

// encodeFrame encodes f, releases it, and writes the result to every
// track attached to the layer.
func (s *SharedVideo) encodeFrame(l *sharedLayer, f *frame) {
	capture := f.capture
	if l.gate.due(capture) {
		l.enc.ForceKeyFrame()
	}
	data, key, err := l.enc.Encode(f.img)
	l.box.release(f)
	if err != nil {
		s.params.Logger.Warn("shared encode failed", zap.Uint32("width", l.spec.Width), zap.Error(err))
		s.params.OnError("encode shared video", err)
		return
	}
	if len(data) == 0 {
		return
	}
	l.encoded.Add(1)
	if key {
		l.keyframes.Add(1)
		l.gate.encoded(capture)
		if l.resumeKeys.Load() > 0 && l.resumeKeys.Add(-1) >= 0 {
			l.enc.ForceKeyFrame()
		}
	}
	sample := media.Sample{Data: data, Timestamp: capture, Duration: s.frameDur}
	top := l.index == len(s.layers)-1
	sinks := *l.sinks.Load()
	fanOut(len(sinks), func(i int) { sinks[i].write(sample, key, top) })
}

// attach makes t's sinks receive frames; false once s is closed.
func (s *SharedVideo) attach(t *SharedVideoTrack) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	tracks := append(append([]*SharedVideoTrack{}, *s.tracks.Load()...), t)
	s.tracks.Store(&tracks)
	for i, l := range s.layers {
		sinks := append(append([]*videoSink{}, *l.sinks.Load()...), t.sinks[i])
		l.sinks.Store(&sinks)
	}
	s.signal()
	return true
}

// detach stops giving frames to t. A write already under way may still
// finish: the track's own lock waits for it (see SharedVideoTrack.Close).
func (s *SharedVideo) detach(t *SharedVideoTrack) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tracks := make([]*SharedVideoTrack, 0, len(*s.tracks.Load()))
	for _, o := range *s.tracks.Load() {
		if o != t {
			tracks = append(tracks, o)
		}
	}
	s.tracks.Store(&tracks)
	for i, l := range s.layers {
		sinks := make([]*videoSink, 0, len(*l.sinks.Load()))
		for _, k := range *l.sinks.Load() {
			if k != t.sinks[i] {
				sinks = append(sinks, k)
			}
		}
		l.sinks.Store(&sinks)
	}
}

// SharedVideoStats count a shared camera's work, for every track at once.
type SharedVideoStats struct {
	Captured uint64
	// Tracks is how many tracks are attached now.
	Tracks int
	Layers []SharedLayerStats
}

// SharedLayerStats count one shared layer's encoder.
type SharedLayerStats struct {
	Width, Height int
	Encoded       uint64
	Keyframes     uint64
	// KeyframeRequests counts every track's requests (PLI, FIR, a bind, an
	// unmute); Coalesced, those that shared a keyframe with another
	// request or a periodic keyframe instead of forcing their own.
	KeyframeRequests, Coalesced uint64
	Dropped                     uint64
}

// Stats returns counters since Start.
func (s *SharedVideo) Stats() SharedVideoStats {
	st := SharedVideoStats{Captured: s.captured.Load(), Tracks: len(*s.tracks.Load())}
	for _, l := range s.layers {
		req, co := l.gate.counts()
		st.Layers = append(st.Layers, SharedLayerStats{
			Width: int(l.spec.Width), Height: int(l.spec.Height), Encoded: l.encoded.Load(), Keyframes: l.keyframes.Load(),
			KeyframeRequests: req, Coalesced: co, Dropped: l.box.droppedFrames(),
		})
	}
	return st
}
