package encode

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4/pkg/media"
	"go.uber.org/zap"
)

// SharedAudioParams describe a shared microphone.
type SharedAudioParams struct {
	// Voice is what a talking track sends.
	Voice      SampleSource
	BitrateBps int
	Logger     *zap.Logger
	// OnError hears encode failures; it must not block.
	OnError func(op string, err error)
}

// SharedAudio encodes once, publishes many, for microphones: every 20 ms
// it encodes the voice and digital silence, each once, and writes to each
// attached SharedAudioTrack the one its switch picks, with its audio
// level, so that LiveKit sees as speakers only the tracks that take the
// voice. A feed no unmuted track takes is not encoded; with no unmuted
// track attached the loop idles.
type SharedAudio struct {
	params  SharedAudioParams
	voice   *opusEncoder
	silence *opusEncoder
	wake    chan struct{}

	mu     sync.Mutex
	closed bool
	tracks atomic.Pointer[[]*SharedAudioTrack] // replaced, never changed in place

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// opusEncoder is one Opus encoder with the PCM buffer it reads.
type opusEncoder struct {
	feed    *audioFeed
	enc     codec.ReadCloser
	encoded atomic.Uint64
}

func newOpusEncoder(bitrate int) (*opusEncoder, error) {
	params, err := opus.NewParams()
	if err != nil {
		return nil, fmt.Errorf("opus params: %w", err)
	}
	params.BitRate = bitrate
	if params.BitRate == 0 {
		params.BitRate = 32000
	}
	feed := &audioFeed{chunk: wave.NewInt16Interleaved(wave.ChunkInfo{Len: audioSamples, Channels: 1, SamplingRate: AudioSampleRate})}
	enc, err := params.BuildAudioEncoder(feed, prop.Media{Audio: prop.Audio{SampleRate: AudioSampleRate, ChannelCount: 1}})
	if err != nil {
		return nil, fmt.Errorf("build opus encoder: %w", err)
	}
	return &opusEncoder{feed: feed, enc: enc}, nil
}

// encode encodes the next 20 ms that fill writes into the buffer, and
// returns it with its audio level.
func (o *opusEncoder) encode(fill func([]int16)) ([]byte, uint8, error) {
	fill(o.feed.chunk.Data)
	o.feed.fresh = true
	data, release, err := o.enc.Read()
	if release != nil {
		release()
	}
	if err != nil {
		return nil, 0, err
	}
	o.encoded.Add(1)
	return data, AudioLevel(o.feed.chunk.Data), nil
}

// NewSharedAudio builds the voice's and the silence's encoders. Start
// begins the loop.
func NewSharedAudio(p SharedAudioParams) (*SharedAudio, error) {
	if p.Logger == nil {
		p.Logger = zap.NewNop()
	}
	if p.OnError == nil {
		p.OnError = func(string, error) {}
	}
	if p.Voice == nil {
		return nil, fmt.Errorf("shared audio: no voice source")
	}
	voice, err := newOpusEncoder(p.BitrateBps)
	if err != nil {
		return nil, fmt.Errorf("shared audio: %w", err)
	}
	silence, err := newOpusEncoder(p.BitrateBps)
	if err != nil {
		voice.enc.Close()
		return nil, fmt.Errorf("shared audio: %w", err)
	}
	a := &SharedAudio{params: p, voice: voice, silence: silence, wake: make(chan struct{}, 1)}
	a.tracks.Store(&[]*SharedAudioTrack{})
	return a, nil
}

// Start launches the encoding loop; it runs until Close.
func (a *SharedAudio) Start() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed || a.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	a.wg.Add(1)
	go a.loop(ctx)
}

// Close stops the loop and releases the encoders. Tracks still attached
// get no more samples; each is closed by its own owner.
func (a *SharedAudio) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	cancel := a.cancel
	a.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	a.wg.Wait()
	a.voice.enc.Close()
	return a.silence.enc.Close()
}

// SharedAudioStats count a shared microphone's work.
type SharedAudioStats struct {
	// Voice and Silence count the 20 ms frames each feed encoded.
	Voice, Silence uint64
	// Tracks is how many tracks are attached now.
	Tracks int
}

// Stats returns counters since Start.
func (a *SharedAudio) Stats() SharedAudioStats {
	return SharedAudioStats{Voice: a.voice.encoded.Load(), Silence: a.silence.encoded.Load(), Tracks: len(*a.tracks.Load())}
}

func (a *SharedAudio) signal() {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

func (a *SharedAudio) loop(ctx context.Context) {
	defer a.wg.Done()
	ticker := time.NewTicker(audioFrame)
	defer ticker.Stop()
	var talking []bool
	for {
		tracks := *a.tracks.Load()
		if !anyUnmuted(tracks) {
			select {
			case <-a.wake:
				ticker.Reset(audioFrame)
				continue
			case <-ctx.Done():
				return
			}
		}
		var now time.Time
		select {
		case now = <-ticker.C:
		case <-a.wake:
			continue
		case <-ctx.Done():
			return
		}
		talking = a.tick(*a.tracks.Load(), now, talking[:0])
	}
}

func anyUnmuted(tracks []*SharedAudioTrack) bool {
	for _, t := range tracks {
		if !t.muted.Load() {
			return true
		}
	}
	return false
}

// tick reads every unmuted track's switch, encodes the feeds that some
// take, and writes each track its feed. talking is scratch space, returned
// for reuse.
func (a *SharedAudio) tick(tracks []*SharedAudioTrack, now time.Time, talking []bool) []bool {
	var wantVoice, wantSilence bool
	for _, t := range tracks {
		v := t.isTalking()
		talking = append(talking, v)
		if t.muted.Load() {
			continue
		}
		wantVoice = wantVoice || v
		wantSilence = wantSilence || !v
	}
	voice := a.encodeFeed(wantVoice, a.voice, a.params.Voice.Next, now)
	silence := a.encodeFeed(wantSilence, a.silence, func(pcm []int16) { clear(pcm) }, now)
	fanOut(len(tracks), func(i int) {
		if talking[i] {
			tracks[i].write(voice)
		} else {
			tracks[i].write(silence)
		}
	})
	return talking
}

// sharedSample is one encoded 20 ms frame with its audio level; nil when
// its feed was not encoded.
type sharedSample struct {
	sample media.Sample
	level  uint8
}

func (a *SharedAudio) encodeFeed(want bool, o *opusEncoder, fill func([]int16), now time.Time) *sharedSample {
	if !want {
		return nil
	}
	data, level, err := o.encode(fill)
	if err != nil {
		a.params.Logger.Warn("shared opus encode failed", zap.Error(err))
		a.params.OnError("encode shared audio", err)
		return nil
	}
	return &sharedSample{sample: media.Sample{Data: data, Timestamp: now, Duration: audioFrame}, level: level}
}

func (a *SharedAudio) attach(t *SharedAudioTrack) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	tracks := append(append([]*SharedAudioTrack{}, *a.tracks.Load()...), t)
	a.tracks.Store(&tracks)
	a.signal()
	return true
}

func (a *SharedAudio) detach(t *SharedAudioTrack) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tracks := make([]*SharedAudioTrack, 0, len(*a.tracks.Load()))
	for _, o := range *a.tracks.Load() {
		if o != t {
			tracks = append(tracks, o)
		}
	}
	a.tracks.Store(&tracks)
}

// SharedAudioTrack is one publisher's microphone on a SharedAudio: its
// LocalTrack takes the voice while its switch says it talks, and silence
// otherwise. Its mute and close concern it alone.
type SharedAudioTrack struct {
	shared  *SharedAudio
	track   *lksdk.LocalTrack // nil in tests
	w       sampleWriter
	talking func() bool
	onError func(op string, err error)

	muted     atomic.Bool
	delivered atomic.Uint64
	sent      atomic.Uint64
	bytes     atomic.Uint64
	writeErrs atomic.Uint64
	fb        feedback

	// mu guards closed; writes hold it for reading (see
	// SharedVideoTrack).
	mu       sync.RWMutex
	closed   bool
	attached bool
}

// NewTrack makes a publisher's LocalTrack; Start attaches it. talking says,
// each 20 ms, whether the track takes the voice (true) or silence; nil
// always talks. It must be quick and safe for concurrent use. onError,
// which may be nil, hears write failures; it must not block.
func (a *SharedAudio) NewTrack(talking func() bool, onError func(op string, err error)) (*SharedAudioTrack, error) {
	t := a.newTrack(talking, onError)
	capability, _ := Capability("opus")
	lt, err := lksdk.NewLocalTrack(capability, lksdk.WithRTCPHandler(func(pkt rtcp.Packet) { t.fb.onRTCP(pkt, time.Now()) }))
	if err != nil {
		return nil, fmt.Errorf("new shared opus track: %w", err)
	}
	t.track, t.w = lt, lt
	t.fb.ssrc = func() uint32 { return uint32(lt.SSRC()) }
	return t, nil
}

func (a *SharedAudio) newTrack(talking func() bool, onError func(op string, err error)) *SharedAudioTrack {
	if onError == nil {
		onError = func(string, error) {}
	}
	return &SharedAudioTrack{shared: a, talking: talking, onError: onError}
}

// LocalTrack returns the track to publish.
func (t *SharedAudioTrack) LocalTrack() *lksdk.LocalTrack { return t.track }

// Start attaches the track to the shared encoders. It does nothing after
// Close.
func (t *SharedAudioTrack) Start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || t.attached {
		return
	}
	t.attached = t.shared.attach(t)
}

// SetMuted stops or resumes this track's writes only.
func (t *SharedAudioTrack) SetMuted(muted bool) {
	t.muted.Store(muted)
	t.shared.signal()
}

// Muted reports whether the track is muted.
func (t *SharedAudioTrack) Muted() bool { return t.muted.Load() }

// Talking reports whether the track takes the voice now.
func (t *SharedAudioTrack) Talking() bool { return t.isTalking() }

func (t *SharedAudioTrack) isTalking() bool { return t.talking == nil || t.talking() }

// Delivered counts the frames handed to the track while unmuted.
func (t *SharedAudioTrack) Delivered() uint64 { return t.delivered.Load() }

// Sent counts the frames written while the track was bound: one RTP
// packet each.
func (t *SharedAudioTrack) Sent() uint64 { return t.sent.Load() }

// BytesSent adds up the packets counted in Sent.
func (t *SharedAudioTrack) BytesSent() uint64 { return t.bytes.Load() }

// Feedback is what the SFU reported about the track's stream.
func (t *SharedAudioTrack) Feedback() Feedback { return t.fb.snapshot() }

// Close detaches the track, waits for a write under way, and closes the
// LocalTrack. Nothing is written to it afterwards.
func (t *SharedAudioTrack) Close() error {
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
	if t.track != nil {
		_ = t.track.Close()
	}
	return nil
}

func (t *SharedAudioTrack) write(s *sharedSample) {
	if s == nil {
		return
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed || t.muted.Load() {
		return
	}
	t.delivered.Add(1)
	bound := t.w.IsBound()
	level := s.level
	if err := t.w.WriteSample(s.sample, &lksdk.SampleWriteOptions{AudioLevel: &level}); err != nil {
		if n := t.writeErrs.Add(1); n == 1 || n%1000 == 0 {
			t.onError("write shared audio", err)
		}
		return
	}
	if bound {
		t.sent.Add(1)
		t.bytes.Add(uint64(len(s.sample.Data)))
	}
}
