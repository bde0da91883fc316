package load

import (
	"fmt"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/synthetic"
)

// mediaPool is what a run's publishers share: with --media shared, one
// camera encoded once per layer and one microphone encoded once, that
// every publisher's tracks send (encode once, publish many); with
// --speakers, the rotation that says which microphones talk. The runner
// makes it before the first bot and closes it after the last has left.
type mediaPool struct {
	video    *encode.SharedVideo
	audio    *encode.SharedAudio
	speakers *speakers
}

// newMediaPool builds and starts the shared encoders c asks for, from the
// template bot's codec, resolution, frame rate, simulcast and bitrate.
// Live media without speakers needs nothing: the pool is then empty, and
// prepare leaves every bot alone.
func newMediaPool(c *Config, log *zap.Logger) (*mediaPool, error) {
	if log == nil {
		log = zap.NewNop()
	}
	p := &mediaPool{speakers: newSpeakers(c)}
	if c.Media != MediaShared {
		return p, nil
	}
	onError := func(op string, err error) { log.Warn("shared media failed", zap.String("op", op), zap.Error(err)) }
	// A camera with an effect needs its own frames: its bots encode their
	// own (see bot.SharedMedia).
	if c.Publishers > 0 && c.Bot.Blur == 0 && c.Bot.Background == "" {
		video, err := newSharedVideo(&c.Bot, log, onError)
		if err != nil {
			return nil, fmt.Errorf("media shared: %w", err)
		}
		p.video = video
	}
	if c.Publishers+c.AudioPublishers > 0 {
		voice, err := synthetic.NewAudioSource(encode.AudioSampleRate, 1)
		if err == nil {
			p.audio, err = encode.NewSharedAudio(encode.SharedAudioParams{Voice: voice, Logger: log, OnError: onError})
		}
		if err != nil {
			p.close()
			return nil, fmt.Errorf("media shared: %w", err)
		}
	}
	p.start()
	log.Info("media shared: every publisher sends one camera and one microphone, encoded once",
		zap.String("codec", c.Bot.VideoCodec), zap.String("resolution", c.Bot.Resolution), zap.Int("fps", c.Bot.FPS),
		zap.Bool("simulcast", c.Bot.Simulcast), zap.Bool("camera", p.video != nil))
	return p, nil
}

func newSharedVideo(b *bot.Config, log *zap.Logger, onError func(string, error)) (*encode.SharedVideo, error) {
	w, h, err := bot.ParseResolution(b.Resolution)
	if err != nil {
		return nil, fmt.Errorf("resolution: %w", err)
	}
	src, err := synthetic.NewVideoSource(w, h, b.FPS)
	if err != nil {
		return nil, err
	}
	return encode.NewSharedVideo(encode.SharedVideoParams{
		Source: src, Codec: b.VideoCodec, Width: w, Height: h, FPS: b.FPS,
		BitrateBps: b.VideoBitrate, Simulcast: b.Simulcast, Logger: log, OnError: onError,
	})
}

func (p *mediaPool) start() {
	if p.video != nil {
		p.video.Start()
	}
	if p.audio != nil {
		p.audio.Start()
	}
}

// prepare gives a publisher's or an audio publisher's bot the shared
// encoders and its talk switch. A nil pool, a subscriber, or live media
// without speakers leave params alone.
func (p *mediaPool) prepare(m Member, params *bot.Params) {
	if p == nil || (m.Role != RolePublisher && m.Role != RoleAudioPublisher) {
		return
	}
	shared := &bot.SharedMedia{Audio: p.audio}
	if m.Role == RolePublisher {
		shared.Video = p.video
	}
	if p.speakers != nil {
		shared.Talking = p.speakers.talking(m)
	}
	if shared.Video == nil && shared.Audio == nil && shared.Talking == nil {
		return
	}
	params.Shared = shared
}

// close stops the shared encoders. Call it after every bot has left: a
// bot still publishing would send nothing more.
func (p *mediaPool) close() {
	if p == nil {
		return
	}
	// A failure to free an encoder at the run's end changes nothing the
	// run measured.
	if p.video != nil {
		_ = p.video.Close()
	}
	if p.audio != nil {
		_ = p.audio.Close()
	}
}

// videoStats is what the shared camera did, for the report: frames
// captured, and per layer frames and keyframes encoded and keyframe
// requests coalesced. ok is false without a shared camera.
func (p *mediaPool) videoStats() (st encode.SharedVideoStats, ok bool) {
	if p == nil || p.video == nil {
		return st, false
	}
	return p.video.Stats(), true
}
