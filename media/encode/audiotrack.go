package encode

import (
	"context"
	"errors"
	"fmt"
	"math"
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

// Audio framing: 48 kHz mono, 20 ms per Opus frame.
const (
	AudioSampleRate = 48000
	audioFrame      = 20 * time.Millisecond
	audioSamples    = AudioSampleRate / 50
)

// SampleSource fills buffers with 48 kHz mono PCM.
type SampleSource interface {
	Next(dst []int16)
}

// TimedSampleSource is a SampleSource whose samples depend on when they
// are captured, such as the synthetic microphone's time marks. The
// AudioTrack calls NextAt instead of Next, with the capture time of
// dst's first sample: the time the frame is stamped with.
type TimedSampleSource interface {
	SampleSource
	NextAt(dst []int16, at time.Time)
}

// AudioTrackParams describe a published microphone track.
type AudioTrackParams struct {
	Source     SampleSource
	BitrateBps int
	Muted      bool
	Logger     *zap.Logger
	// OnError hears encode failures; it must not block.
	OnError func(op string, err error)
}

// AudioTrack reads 20 ms of PCM per tick, encodes it with Opus and writes it
// to an lksdk LocalTrack with its audio level, so that LiveKit can tell
// when the bot speaks. Muting stops reading and encoding.
type AudioTrack struct {
	params  AudioTrackParams
	track   *lksdk.LocalTrack
	feed    *audioFeed
	enc     codec.ReadCloser
	muted   atomic.Bool
	wake    chan struct{}
	encoded atomic.Uint64
	sent    atomic.Uint64
	// bytesSent adds up the packets counted in sent.
	bytesSent atomic.Uint64
	fb        feedback
	log       *zap.Logger

	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed atomic.Bool
}

// NewAudioTrack builds the Opus encoder and the LocalTrack.
func NewAudioTrack(p AudioTrackParams) (*AudioTrack, error) {
	if p.Logger == nil {
		p.Logger = zap.NewNop()
	}
	if p.OnError == nil {
		p.OnError = func(string, error) {}
	}
	params, err := opus.NewParams()
	if err != nil {
		return nil, fmt.Errorf("opus params: %w", err)
	}
	params.BitRate = p.BitrateBps
	if params.BitRate == 0 {
		params.BitRate = 32000
	}
	feed := &audioFeed{chunk: wave.NewInt16Interleaved(wave.ChunkInfo{Len: audioSamples, Channels: 1, SamplingRate: AudioSampleRate})}
	enc, err := params.BuildAudioEncoder(feed, prop.Media{Audio: prop.Audio{SampleRate: AudioSampleRate, ChannelCount: 1}})
	if err != nil {
		return nil, fmt.Errorf("build opus encoder: %w", err)
	}
	capability, _ := Capability("opus")
	t := &AudioTrack{params: p, feed: feed, enc: enc, wake: make(chan struct{}, 1), log: p.Logger}
	track, err := lksdk.NewLocalTrack(capability, lksdk.WithRTCPHandler(func(pkt rtcp.Packet) { t.fb.onRTCP(pkt, time.Now()) }))
	if err != nil {
		enc.Close()
		return nil, fmt.Errorf("new opus track: %w", err)
	}
	t.track = track
	t.fb.ssrc = func() uint32 { return uint32(track.SSRC()) }
	t.muted.Store(p.Muted)
	return t, nil
}

// LocalTrack returns the track to publish.
func (t *AudioTrack) LocalTrack() *lksdk.LocalTrack { return t.track }

// Start launches the encoding loop; it runs until Close. A track that starts
// muted sends nothing: the server announces it, muted, without media.
func (t *AudioTrack) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	t.wg.Add(1)
	go t.loop(ctx)
}

// SetMuted stops or resumes reading and encoding.
func (t *AudioTrack) SetMuted(muted bool) {
	t.muted.Store(muted)
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Muted reports whether the track is muted.
func (t *AudioTrack) Muted() bool { return t.muted.Load() }

// Encoded returns the number of Opus frames encoded.
func (t *AudioTrack) Encoded() uint64 { return t.encoded.Load() }

// Sent returns the number of Opus frames written to the track while it was
// bound to a peer connection: one RTP packet each. Frames written before the
// bind go nowhere and are not counted.
func (t *AudioTrack) Sent() uint64 { return t.sent.Load() }

// BytesSent adds up the encoded packets counted in Sent.
func (t *AudioTrack) BytesSent() uint64 { return t.bytesSent.Load() }

// Feedback is what the SFU reported about the track's stream.
func (t *AudioTrack) Feedback() Feedback { return t.fb.snapshot() }

// Close stops the loop and releases the encoder and track.
func (t *AudioTrack) Close() error {
	if t.closed.Swap(true) {
		return nil
	}
	if t.cancel != nil {
		t.cancel()
	}
	t.wg.Wait()
	_ = t.track.Close()
	return t.enc.Close()
}

func (t *AudioTrack) loop(ctx context.Context) {
	defer t.wg.Done()
	ticker := time.NewTicker(audioFrame)
	defer ticker.Stop()
	for {
		if t.muted.Load() {
			select {
			case <-t.wake:
				ticker.Reset(audioFrame)
				continue
			case <-ctx.Done():
				return
			}
		}
		var now time.Time
		select {
		case now = <-ticker.C:
		case <-t.wake:
			continue
		case <-ctx.Done():
			return
		}
		t.encodeOne(now)
	}
}

// encodeOne reads, encodes and writes one 20 ms frame.
func (t *AudioTrack) encodeOne(now time.Time) {
	if timed, ok := t.params.Source.(TimedSampleSource); ok {
		timed.NextAt(t.feed.chunk.Data, now)
	} else {
		t.params.Source.Next(t.feed.chunk.Data)
	}
	t.feed.fresh = true
	data, release, err := t.enc.Read()
	if release != nil {
		release()
	}
	if err != nil {
		t.log.Warn("opus encode failed", zap.Error(err))
		t.params.OnError("encode audio", err)
		return
	}
	t.encoded.Add(1)
	level := AudioLevel(t.feed.chunk.Data)
	sample := media.Sample{Data: data, Timestamp: now, Duration: audioFrame}
	bound := t.track.IsBound()
	if err := t.track.WriteSample(sample, &lksdk.SampleWriteOptions{AudioLevel: &level}); err == nil && bound {
		t.sent.Add(1)
		t.bytesSent.Add(uint64(len(data)))
	}
}

// audioFeed is the audio.Reader the Opus encoder pulls from: one 20 ms chunk
// per Read, filled by the loop just before.
type audioFeed struct {
	chunk *wave.Int16Interleaved
	fresh bool
}

var errNoAudio = errors.New("encoder read with no audio")

func (f *audioFeed) Read() (wave.Audio, func(), error) {
	if !f.fresh {
		return nil, func() {}, errNoAudio
	}
	f.fresh = false
	return f.chunk, func() {}, nil
}

// AudioLevel returns the RFC 6464 level of PCM samples: 0 is loudest (0
// dBov), 127 is silence.
func AudioLevel(pcm []int16) uint8 {
	if len(pcm) == 0 {
		return 127
	}
	var sum float64
	for _, s := range pcm {
		v := float64(s) / 32768
		sum += v * v
	}
	rms := math.Sqrt(sum / float64(len(pcm)))
	if rms <= 0 {
		return 127
	}
	db := -20 * math.Log10(rms)
	return uint8(math.Min(127, math.Max(0, db)))
}
