package bot

import (
	"github.com/lkbot/lkbot/media"
	"github.com/lkbot/lkbot/media/encode"
)

// SharedMedia lets many bots of one process send media encoded once for
// all of them (a load test's --media shared): the bot's camera and
// microphone attach to the shared encoders instead of building their own.
// Publish, unpublish, mute, Status and SentTracks work as with the bot's
// own encoders; mute, stall and unpublish concern this bot's tracks only.
// Whoever made the encoders closes them, after every bot using them has
// closed. Any field may be nil.
type SharedMedia struct {
	// Video is the camera every synthetic camera without an effect
	// (blur, background) takes; nil encodes the bot's own.
	Video *encode.SharedVideo
	// Audio is the microphone every synthetic microphone takes; nil
	// encodes the bot's own.
	Audio *encode.SharedAudio
	// Talking says, every 20 ms, whether the microphone sends its voice
	// (true) or digital silence, so that the room's active speakers are
	// the ones it picks; it applies to a shared microphone and to the
	// bot's own alike. Nil always talks. It must be quick and safe for
	// concurrent use.
	Talking func() bool
}

// sharedCamera reports whether the camera takes the shared video: there is
// one, the camera is synthetic, and no effect needs this bot's own frames.
func (b *Bot) sharedCamera(spec media.Spec) bool {
	return b.shared != nil && b.shared.Video != nil && spec.Kind == media.SourceSynthetic &&
		b.cfg.Blur == 0 && b.cfg.Background == ""
}

// sharedMicrophone reports whether the microphone takes the shared audio.
func (b *Bot) sharedMicrophone(spec media.Spec) bool {
	return b.shared != nil && b.shared.Audio != nil && spec.Kind == media.SourceSynthetic
}

// talking is the microphone's switch, or nil.
func (b *Bot) talking() func() bool {
	if b.shared == nil {
		return nil
	}
	return b.shared.Talking
}

// talkGate sends its source's samples while talking says so, and
// digital silence otherwise: the source keeps its pace either way.
type talkGate struct {
	src     encode.SampleSource
	talking func() bool
}

func (g talkGate) Next(dst []int16) {
	g.src.Next(dst)
	if !g.talking() {
		clear(dst)
	}
}
