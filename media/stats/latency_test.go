package stats

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// ntpOf returns t as a 64-bit NTP timestamp.
func ntpOf(t time.Time) uint64 {
	secs := uint64(t.Unix() + ntpEpochOffset)
	frac := uint64(t.Nanosecond()) << 32 / 1e9
	return secs<<32 | frac
}

// TestLatencyFromSenderReports: frames captured by the sender's clock at
// their RTP timestamps, complete 50 to 90 ms later, read as such once a
// sender report has tied the two clocks.
func TestLatencyFromSenderReports(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	var sunk []time.Duration
	r.OnLatency(func(d time.Duration) { sunk = append(sunk, d) })
	s := newVP8Stream(30, 2)
	s.play(r, 5, 30, func(int) time.Duration { return 50 * time.Millisecond })
	if q := r.Quality(); q.Latencies != 0 {
		t.Fatalf("%d latencies before any sender report", q.Latencies)
	}
	// The report: RTP timestamp s.ts is captured at s.sent.
	r.PushSenderReport(ntpOf(s.sent), s.ts)
	s.play(r, 30, 0, func(i int) time.Duration { return time.Duration(50+i%5*10) * time.Millisecond })
	q := r.Quality()
	if q.Latencies != 30 || len(sunk) != 30 {
		t.Fatalf("%d latencies, %d given to OnLatency; want 30", q.Latencies, len(sunk))
	}
	if mean := q.MeanLatency(); mean < 69*time.Millisecond || mean > 71*time.Millisecond {
		t.Errorf("mean latency %v, want 70 ms", mean)
	}
	if q.LatencyMax < 89*time.Millisecond || q.LatencyMax > 91*time.Millisecond {
		t.Errorf("largest latency %v, want 90 ms", q.LatencyMax)
	}
}

func TestLatencyOfAudio(t *testing.T) {
	r := NewReceiver("audio/opus", 48000)
	r.PushSenderReport(ntpOf(t0), 960)
	for i := range uint16(50) {
		ts := 960 * uint32(i+1)
		at := t0.Add(time.Duration(i)*20*time.Millisecond + 30*time.Millisecond)
		r.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: i, Timestamp: ts}, Payload: []byte{0xfc}}, at)
	}
	if q := r.Quality(); q.Latencies != 50 || q.MeanLatency() < 29*time.Millisecond || q.MeanLatency() > 31*time.Millisecond {
		t.Errorf("%d latencies, mean %v; want 50 of 30 ms", q.Latencies, q.MeanLatency())
	}
}
