package bot

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// impairedPackets is how many packets of a track the loss test counts: 12
// s of Opus.
const impairedPackets = 600

// TestImpairedSubscriberSeesLoss: a subscriber whose incoming media loses
// 10% reads that in its track_stats, while a subscriber beside it reads
// none. Audio has no retransmission (LiveKit subscribers negotiate NACK for
// video only), so its loss is the loss on the wire. Video's is what is left
// after retransmission: the impairment sits under the SDK's NACK generator,
// which asks again for each dropped packet, up to 5 times, and the server
// resends each up to 3 times, so a packet is lost for good only if 4 tries
// in a row are (0.01% at 10%). Had the impairment sat above the NACK
// generator, video would read 10% too.
func TestImpairedSubscriberSeesLoss(t *testing.T) {
	srv := lktest.Start(t)
	startBot(t, srv, func(c *Config) { c.Identity = "publisher" })
	subscriber := func(identity, spec string) *eventLog {
		return collect(t, startBot(t, srv, func(c *Config) {
			c.Identity, c.Camera, c.Mic, c.Impair, c.StatsInterval = identity, "none", "none", spec, 500*time.Millisecond
		}))
	}
	lossy, clean := subscriber("lossy", "in:loss=10%"), subscriber("clean", "")

	enough := func(kind string) func(event.Event) bool {
		return func(ev event.Event) bool {
			s, ok := ev.(event.TrackStats)
			return ok && s.Participant == "publisher" && s.Kind == kind && s.Packets+s.Lost >= impairedPackets
		}
	}
	want := map[string]func(event.Event) bool{"audio": enough("audio"), "video": enough("video")}
	lossyStats := lossy.waitAll(45*time.Second, want)
	cleanStats := clean.waitAll(45*time.Second, want)

	share := func(ev event.Event) (float64, string) {
		s := ev.(event.TrackStats)
		p := float64(s.Lost) / float64(s.Packets+s.Lost)
		return p, fmt.Sprintf("%s %d of %d lost (%.2f%%)", s.MimeType, s.Lost, s.Packets+s.Lost, 100*p)
	}
	audio, audioText := share(lossyStats["audio"])
	video, videoText := share(lossyStats["video"])
	t.Logf("impaired: %s; %s", audioText, videoText)
	if math.Abs(audio-0.10) > 0.03 {
		t.Errorf("impaired subscriber's audio: %s, want 10%% ± 3 points", audioText)
	}
	if video > 0.01 {
		t.Errorf("impaired subscriber's video after retransmission: %s, want at most 1%%", videoText)
	}
	for kind, ev := range cleanStats {
		p, text := share(ev)
		t.Logf("unimpaired %s: %s", kind, text)
		if p > 0.005 {
			t.Errorf("unimpaired subscriber's %s: %s, want about 0", kind, text)
		}
	}
}
