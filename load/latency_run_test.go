package load

import (
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/load/quality"
)

// TestDelayRaisesBothLatencies: --impair in:delay=100ms on the
// subscribers raises the latency the report gives by 100 ms ± 20 ms, by
// both methods: from the publisher's sender reports, and from the capture
// time read in decoded frames (--decode-sample 1: every subscriber
// decodes).
func TestDelayRaisesBothLatencies(t *testing.T) {
	srv := lktest.Start(t)
	type medians struct{ sr, decoded int64 }
	got := map[string]medians{}
	for _, impair := range []string{"", "in:delay=100ms"} {
		c := serverConfig(srv)
		c.RoomPrefix = "delay"
		if impair != "" {
			c.RoomPrefix = "delayed"
		}
		c.Publishers, c.Subscribers, c.DecodeSample = 1, 2, 1
		c.Bot.Impair = impair
		c.Duration, c.Warmup = 7*time.Second, 2*time.Second
		r, err := NewRunner(Params{Config: c})
		if err != nil {
			t.Fatal(err)
		}
		total := r.Run(t.Context()).Quality.Total()
		sr, decoded := total.Percentiles(quality.LatencyMs), total.Percentiles(quality.DecodedLatencyMs)
		t.Logf("impair %q: sender reports %+v; decoded %+v", impair, sr, decoded)
		if decoded.Count < 100 {
			t.Fatalf("impair %q: %d decoded latencies, want the two subscribers' frames", impair, decoded.Count)
		}
		got[impair] = medians{sr.P50, decoded.P50}
	}
	clean, delayed := got[""], got["in:delay=100ms"]
	if rise := delayed.sr - clean.sr; rise < 80 || rise > 120 {
		t.Errorf("the sender-report latency rose by %d ms (%d to %d), want 100 ± 20", rise, clean.sr, delayed.sr)
	}
	if rise := delayed.decoded - clean.decoded; rise < 80 || rise > 120 {
		t.Errorf("the decoded latency rose by %d ms (%d to %d), want 100 ± 20", rise, clean.decoded, delayed.decoded)
	}
	if diff := clean.decoded - clean.sr; diff < -20 || diff > 20 {
		t.Errorf("the two methods differ by %d ms on loopback, want within 20", diff)
	}
}
