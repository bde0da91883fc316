package bot

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
)

// latencySamples is how many latencies of each kind a test collects: 6 s
// of a 15 frames/s camera.
const latencySamples = 90

// latencies collects a received track's latencies by both methods.
type latencies struct {
	mu      sync.Mutex
	sr      []time.Duration
	decoded []time.Duration
}

// watchLatency waits until b receives from's camera and collects its
// latencies by both methods from then on.
func watchLatency(t *testing.T, b *Bot, from string) (*latencies, ReceivedTrack) {
	t.Helper()
	l := &latencies{}
	var track ReceivedTrack
	eventually(t, 15*time.Second, b.cfg.Identity+" receives "+from+"'s camera", func() bool {
		for _, rt := range b.ReceivedTracks() {
			if rt.Participant == from && rt.Source == "camera" {
				track = rt
				return true
			}
		}
		return false
	})
	track.OnLatency(func(d time.Duration) { l.mu.Lock(); l.sr = append(l.sr, d); l.mu.Unlock() })
	track.OnDecodedLatency(func(d time.Duration) { l.mu.Lock(); l.decoded = append(l.decoded, d); l.mu.Unlock() })
	return l, track
}

// enough reports whether both methods gave latencySamples values.
func (l *latencies) enough() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.sr) >= latencySamples && len(l.decoded) >= latencySamples
}

// medians returns the median latency by sender reports and by decoding.
func (l *latencies) medians() (sr, decoded time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return median(l.sr), median(l.decoded)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// decodingStats returns b's current decoding counts for from's camera.
func decodingStats(b *Bot, from string) DecodeStats {
	for _, rt := range b.ReceivedTracks() {
		if rt.Participant == from && rt.Source == "camera" {
			return rt.Decoding
		}
	}
	return DecodeStats{}
}

// checkDecoded checks that every decoded latency is positive and under a
// second, that nearly every decoded picture's stamp read, and, if agree,
// that the two methods' medians agree within 20 ms.
func checkDecoded(t *testing.T, name string, l *latencies, s DecodeStats, agree bool) {
	t.Helper()
	l.mu.Lock()
	for _, d := range l.decoded {
		if d <= 0 || d >= time.Second {
			t.Errorf("%s: decoded latency %v, want in (0, 1s)", name, d)
			break
		}
	}
	l.mu.Unlock()
	if !s.Active || s.Decoded < latencySamples || s.Unstamped > s.Decoded/100 || s.Failed > 0 {
		t.Errorf("%s: decoding %+v, want active, %d+ decoded, stamps that read, none failed", name, s, latencySamples)
	}
	sr, dec := l.medians()
	t.Logf("%s: median latency %v by sender reports, %v decoded (difference %v); %+v", name, sr, dec, dec-sr, s)
	if diff := (dec - sr).Abs(); agree && diff > 20*time.Millisecond {
		t.Errorf("%s: decoded median %v and sender-report median %v differ by %v, want within 20ms", name, dec, sr, diff)
	}
}

// TestDecodedLatency: a subscriber that decodes a VP8 camera reads its
// stamps, and the latency it measures from them agrees with the sender
// reports' within 20 ms. A second subscriber in the same room, whose
// incoming media is delayed by 100 ms, measures 100 ms ± 20 ms more than
// the first by both methods. Closing them leaves no goroutine behind.
func TestDecodedLatency(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	pub := startBot(t, srv, func(c *Config) {
		c.Identity, c.Mic, c.Resolution, c.FPS, c.Simulcast, c.VideoCodec = "publisher", "none", "320x180", 15, false, CodecVP8
	})
	subscriber := func(identity, spec string) *Bot {
		return startBot(t, srv, func(c *Config) {
			c.Identity, c.Camera, c.Mic, c.Impair, c.DecodeVideo = identity, "none", "none", spec, true
		})
	}
	clean, delayed := subscriber("clean", ""), subscriber("delayed", "in:delay=100ms")
	cleanLat, _ := watchLatency(t, clean, "publisher")
	delayedLat, _ := watchLatency(t, delayed, "publisher")
	eventually(t, 30*time.Second, fmt.Sprintf("%d latencies by each method on both subscribers", latencySamples), func() bool {
		return cleanLat.enough() && delayedLat.enough()
	})
	checkDecoded(t, "clean", cleanLat, decodingStats(clean, "publisher"), true)
	checkDecoded(t, "delayed", delayedLat, decodingStats(delayed, "publisher"), true)
	cleanSR, cleanDec := cleanLat.medians()
	delayedSR, delayedDec := delayedLat.medians()
	for _, m := range []struct {
		method string
		rise   time.Duration
	}{{"sender reports", delayedSR - cleanSR}, {"decoded stamps", delayedDec - cleanDec}} {
		t.Logf("delay=100ms raises the median latency by %v by %s", m.rise, m.method)
		if m.rise < 80*time.Millisecond || m.rise > 120*time.Millisecond {
			t.Errorf("delay=100ms raises the median latency by %v by %s, want 100ms ± 20ms", m.rise, m.method)
		}
	}
	clean.Close()
	delayed.Close()
	pub.Close()
	lktest.WaitNoLeaks(t, ignore)
}

// TestDecodedLatencyCodecs: a VP9 camera decodes and its latencies agree
// with the sender reports' too, and so does a VP9 SVC camera (the
// subscriber decodes the layers the server forwards). A VP8 simulcast
// camera decodes too, but its sender-report latency is not held to the
// decoded one: the sender reports of the layer LiveKit 1.13.5 forwards
// are off by an amount that changes from run to run (a median of -7 ms,
// 18 ms below the decoded one, in one run; +0.7 ms, 3 ms below, in the
// next). An H.264 camera is not decoded (no
// decoder within reach), and says so in its counts, while its
// sender-report latency still arrives.
func TestDecodedLatencyCodecs(t *testing.T) {
	srv := lktest.Start(t)
	decoded := []struct {
		identity, codec, size string
		simulcast, agree      bool
	}{{"vp9", CodecVP9, "320x180", false, true}, {"vp8-simulcast", CodecVP8, "640x360", true, false}, {"vp9-svc", CodecVP9, "640x360", true, true}}
	for _, tc := range decoded {
		startBot(t, srv, func(c *Config) {
			c.Identity, c.Mic, c.Resolution, c.FPS, c.Simulcast, c.VideoCodec = tc.identity, "none", tc.size, 15, tc.simulcast, tc.codec
		})
	}
	startBot(t, srv, func(c *Config) {
		c.Identity, c.Mic, c.Resolution, c.FPS, c.Simulcast, c.VideoCodec = "h264", "none", "320x180", 15, false, CodecH264
	})
	sub := startBot(t, srv, func(c *Config) { c.Identity, c.Camera, c.Mic, c.DecodeVideo = "subscriber", "none", "none", true })
	lat := make([]*latencies, len(decoded))
	for i, tc := range decoded {
		lat[i], _ = watchLatency(t, sub, tc.identity)
	}
	h264, h264Track := watchLatency(t, sub, "h264")
	eventually(t, 45*time.Second, fmt.Sprintf("%d latencies by each method on every decoded camera", latencySamples), func() bool {
		for _, l := range lat {
			if !l.enough() {
				return false
			}
		}
		return true
	})
	for i, tc := range decoded {
		checkDecoded(t, tc.identity, lat[i], decodingStats(sub, tc.identity), tc.agree)
	}
	h264.mu.Lock()
	defer h264.mu.Unlock()
	if len(h264.sr) == 0 || len(h264.decoded) != 0 || h264Track.Decoding.Active {
		t.Errorf("h264: %d sender-report and %d decoded latencies, active %v; want some, none, false",
			len(h264.sr), len(h264.decoded), h264Track.Decoding.Active)
	}
}
