package bot

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/synthetic"
)

// impairedPackets is how many packets of a track the loss test counts: 12
// s of Opus.
const impairedPackets = 600

// TestImpairedSubscriberSeesLoss: a subscriber whose incoming media loses
// 10% reads that in its track_stats, while a subscriber beside it reads
// none, and a third, whose media is delayed and jittered, reads the
// jitter it was given and no loss. Audio has no retransmission (LiveKit subscribers negotiate NACK for
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
	jittery := subscriber("jittery", "in:delay=50ms,jitter=10ms")
	share := func(ev event.Event) (float64, string) {
		s := ev.(event.TrackStats)
		p := float64(s.Lost) / float64(s.Packets+s.Lost)
		return p, fmt.Sprintf("%s %d of %d lost (%.2f%%)", s.MimeType, s.Lost, s.Packets+s.Lost, 100*p)
	}

	enough := func(kind string) func(event.Event) bool {
		return func(ev event.Event) bool {
			s, ok := ev.(event.TrackStats)
			return ok && s.Participant == "publisher" && s.Kind == kind && s.Packets+s.Lost >= impairedPackets
		}
	}
	want := map[string]func(event.Event) bool{"audio": enough("audio"), "video": enough("video")}
	lossyStats := lossy.waitAll(45*time.Second, want)
	cleanStats := clean.waitAll(45*time.Second, want)
	jitteryStats := jittery.waitAll(45*time.Second, want)
	for kind, ev := range jitteryStats {
		if p, text := share(ev); p > 0.005 {
			t.Errorf("delayed subscriber's %s: %s, want about 0", kind, text)
		}
	}
	// Opus packets are 20 ms apart, wider than the jitter's 20 ms range,
	// so they never wait for each other: two delays drawn uniformly from
	// 50 ms ± 10 ms differ by 20/3 ms on average, which is what RFC 3550
	// jitter estimates, on top of what the clean subscriber reads. The
	// estimate is a running average that one stall of this busy machine
	// lifts for a second, so the check takes the median of every report.
	audioJitter, base := medianJitter(jittery, "audio"), medianJitter(clean, "audio")
	t.Logf("audio jitter, median of track_stats: %.2f ms delayed, %.2f ms clean", audioJitter, base)
	if want := 20.0 / 3; audioJitter < want-1.5 || audioJitter > want+base+1.5 {
		t.Errorf("delayed subscriber's audio jitter %.2f ms, want about %.2f ms (%.2f to %.2f)", audioJitter, want, want-1.5, want+base+1.5)
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
	// Before retransmission, video reads the loss on the wire too: the
	// resends pion unwraps from RTX are counted as repairs.
	v := lossyStats["video"].(event.TrackStats)
	if before := float64(v.LostBeforeRepair) / float64(v.Packets+v.Lost); math.Abs(before-0.10) > 0.03 {
		t.Errorf("impaired subscriber's video before retransmission: %d of %d (%.2f%%), want 10%% ± 3 points", v.LostBeforeRepair, v.Packets+v.Lost, 100*before)
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

// medianJitter is the median of the jitter that l's track_stats gave for
// the publisher's track of kind, once 100 packets had arrived.
func medianJitter(l *eventLog, kind string) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ms []float64
	for _, ev := range l.all {
		if s, ok := ev.(event.TrackStats); ok && s.Participant == "publisher" && s.Kind == kind && s.Packets >= 100 {
			ms = append(ms, s.JitterMs)
		}
	}
	if len(ms) == 0 {
		return 0
	}
	slices.Sort(ms)
	return ms[len(ms)/2]
}

// TestImpairedBotClosesCleanly: a bot whose packets are held back in both
// directions leaves no goroutine behind when it closes: the impairment's
// goroutines end with the peer connections that own them.
func TestImpairedBotClosesCleanly(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	peer := newPeer(t, srv, "room", "watcher")
	peerBot := startBot(t, srv, func(c *Config) { c.Identity, c.Resolution = "other", "320x180" })
	b := startBot(t, srv, func(c *Config) { c.Resolution, c.Impair = "320x180", "delay=30ms,jitter=5ms,loss=1%" })
	video := peer.track(SourceCamera)
	eventually(t, 10*time.Second, "the peer receives the impaired camera", func() bool { return video.count() > 0 })
	eventually(t, 10*time.Second, "the impaired bot receives the other bot's tracks", func() bool {
		stats := b.TrackStats(time.Now())
		return len(stats) == 2 && stats[0].Packets > 0 && stats[1].Packets > 0
	})
	b.Close()
	peerBot.Close()
	peer.room.Disconnect()
	lktest.WaitNoLeaks(t, ignore)
}
