package bot

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/synthetic"
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

// TestImpairedPublisherIsLate: a publisher whose outgoing media is
// delayed by 100 ms reaches a viewer 100 ms ± 20 ms later than one beside
// it that is not, by the capture times burned into the frames. Each
// publisher has its own room and viewer, so that both run on the same
// machine at the same time.
func TestImpairedPublisherIsLate(t *testing.T) {
	const delay = 100 * time.Millisecond
	srv := lktest.Start(t)
	latency := map[string]chan time.Duration{}
	for _, room := range []string{"delayed", "prompt"} {
		spec := ""
		if room == "delayed" {
			spec = fmt.Sprintf("out:delay=%s", delay)
		}
		startBot(t, srv, func(c *Config) {
			c.Room, c.Identity, c.Resolution, c.Simulcast, c.Mic, c.Impair = room, "publisher", "320x180", false, "none", spec
		})
		video := newPeer(t, srv, room, "viewer").track(SourceCamera)
		result := make(chan time.Duration, 1)
		latency[room] = result
		go func() { result <- medianLatency(t, video) }()
	}
	delayed, prompt := <-latency["delayed"], <-latency["prompt"]
	added := delayed - prompt
	t.Logf("median latency %s with out:delay=%s, %s without: %s added", delayed, delay, prompt, added)
	if (added - delay).Abs() > 20*time.Millisecond {
		t.Errorf("the delayed publisher's frames arrived %s later than the other's, want %s ± 20ms", added, delay)
	}
}

// medianLatency waits for 4 s of frames after the first second, and
// returns the median time from each frame's capture, read from its stamp,
// to the arrival of its last packet. It reports failures with t.Error.
func medianLatency(t *testing.T, video *peerTrack) time.Duration {
	const skip, want = 15, 60 // frames at 15 fps
	var pkts []peerPacket
	deadline := time.Now().Add(30 * time.Second)
	for ; time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		pkts = video.snapshot()
		if countFrames(pkts) >= skip+want {
			break
		}
	}
	var ends []time.Time // arrival of each frame's last packet
	for _, p := range pkts {
		if p.pkt.Marker {
			ends = append(ends, p.at)
		}
	}
	imgs, err := decodeVP8(pkts)
	if err != nil || len(imgs) != len(ends) || len(ends) < skip+want {
		t.Errorf("decoded %d pictures of %d frames (%v), want one each and at least %d", len(imgs), len(ends), err, skip+want)
		return 0
	}
	var lat []time.Duration
	for i, img := range imgs[skip:] {
		if st, ok := synthetic.ReadStamp(img); ok {
			lat = append(lat, st.Delay(ends[skip+i]))
		}
	}
	if len(lat) < want/2 {
		t.Errorf("read %d stamps in %d frames", len(lat), len(imgs)-skip)
		return 0
	}
	slices.Sort(lat)
	return lat[len(lat)/2]
}

func countFrames(pkts []peerPacket) int {
	n := 0
	for _, p := range pkts {
		if p.pkt.Marker {
			n++
		}
	}
	return n
}
