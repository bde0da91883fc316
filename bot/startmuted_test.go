package bot

import (
	"bytes"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
)

// sfuOpusSilence starts the Opus silence frame LiveKit's SFU sends on its
// own to Go subscribers of a muted microphone (livekit-server 1.13.5,
// pkg/sfu/downtrack.go: OpusSilenceFrame, 80 bytes, 50 a second for up to 5
// s after the subscription binds, sendSilentFrameOnMuteForAudio).
var sfuOpusSilence = []byte{0xf8, 0xff, 0xfe}

// TestStartMutedMicrophoneSendsNothing: a microphone published muted sends
// no audio until it is unmuted. What a subscriber receives meanwhile is the
// server's silence frames, which the bot's own counter tells apart.
func TestStartMutedMicrophoneSendsNothing(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.StartMuted = true; c.Camera = "none" })
	p := newPeer(t, srv, "room", "watcher")
	mic := livekit.TrackSource_MICROPHONE
	if pub := p.publication(SourceMicrophone); !pub.IsMuted() {
		t.Fatal("microphone not published muted")
	}
	stays(t, 2*time.Second, "a microphone published muted sends nothing", func() bool {
		return b.SentFrames(mic) == 0 && b.encodedFrames(mic) == 0
	})
	p.mu.Lock()
	audio := p.tracks[SourceMicrophone]
	p.mu.Unlock()
	var fromSFU, other int
	if audio != nil {
		for _, pp := range audio.snapshot() {
			if bytes.HasPrefix(pp.pkt.Payload, sfuOpusSilence) && bytes.Count(pp.pkt.Payload[3:], []byte{0}) == len(pp.pkt.Payload)-3 {
				fromSFU++
			} else {
				other++
			}
		}
	}
	t.Logf("while muted the watcher got %d server silence frames and %d other packets; the bot sent %d", fromSFU, other, b.SentFrames(mic))
	if other != 0 {
		t.Errorf("the watcher got %d audio packets that are not the server's silence frames while the microphone was muted", other)
	}

	if err := b.SetMuted(mic, false); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the bot sends audio after unmute", func() bool { return b.SentFrames(mic) > 0 })
	audio = p.track(SourceMicrophone)
	eventually(t, 10*time.Second, "the watcher gets the bot's audio after unmute", func() bool {
		for _, pp := range audio.snapshot() {
			if !bytes.HasPrefix(pp.pkt.Payload, sfuOpusSilence) {
				return true
			}
		}
		return false
	})
}
