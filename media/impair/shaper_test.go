package impair

import (
	"math"
	"testing"
	"time"
)

// TestLossRate: over 20,000 packets the share dropped is the loss asked
// for, within 1 point (5 standard deviations), and a seed gives the same
// drops again while another seed gives other drops.
func TestLossRate(t *testing.T) {
	const n = 20_000
	run := func(seed uint64, link Link) []bool {
		s := newShaper(link, seed, streamName(incoming, "video/VP8", 0))
		drops := make([]bool, n)
		for i := range drops {
			drops[i], _ = s.decide(time.Unix(0, 0))
		}
		return drops
	}
	for _, link := range []Link{{Loss: 0.1}, {Loss: 0.02}, {Loss: 0.3, Burst: 5}} {
		a, b, c := run(1, link), run(1, link), run(2, link)
		lost, runs, same, differ := 0, 0, true, false
		for i := range a {
			if a[i] {
				lost++
				if i == 0 || !a[i-1] {
					runs++
				}
			}
			same = same && a[i] == b[i]
			differ = differ || a[i] != c[i]
		}
		rate := float64(lost) / n
		t.Logf("%+v: %.2f%% lost in %d runs of %.2f packets on average", link, rate*100, runs, float64(lost)/float64(runs))
		if math.Abs(rate-link.Loss) > 0.01 {
			t.Errorf("%+v: %.2f%% lost, want %.0f%% ± 1", link, rate*100, link.Loss*100)
		}
		if !same || !differ {
			t.Errorf("%+v: same seed gives the same drops: %v; another seed gives others: %v", link, same, differ)
		}
		wantRun := 1 / (1 - link.Loss) // independent drops still form runs
		if link.Burst > 1 {
			wantRun = link.Burst
		}
		if got := float64(lost) / float64(runs); math.Abs(got-wantRun) > 0.15*wantRun {
			t.Errorf("%+v: runs of %.2f packets on average, want %.2f ± 15%%", link, got, wantRun)
		}
	}
}

// TestDelayAndJitter: each packet leaves within delay ± jitter of its
// arrival, or right after its predecessor, never before it; jitter
// spreads the delays over the whole range with the delay as mean.
func TestDelayAndJitter(t *testing.T) {
	const delay, jitter = 80 * time.Millisecond, 10 * time.Millisecond
	for _, gap := range []time.Duration{30 * time.Millisecond, time.Millisecond} {
		s := newShaper(Link{Delay: delay, Jitter: jitter}, 9, streamName(outgoing, "audio/opus", 0))
		start := time.Unix(1000, 0)
		var prev time.Time
		var sum, lo, hi time.Duration = 0, time.Hour, 0
		const n = 5000
		for i := range n {
			arrival := start.Add(time.Duration(i) * gap)
			drop, leave := s.decide(arrival)
			if drop {
				t.Fatal("dropped a packet with no loss asked")
			}
			d := leave.Sub(arrival)
			if leave.Before(prev) {
				t.Fatalf("gap %s: packet %d leaves before its predecessor", gap, i)
			}
			if d < delay-jitter || (d > delay+jitter && leave != prev) {
				t.Fatalf("gap %s: packet %d delayed %s, want %s ± %s or right after its predecessor", gap, i, d, delay, jitter)
			}
			prev = leave
			sum += d
			lo, hi = min(lo, d), max(hi, d)
		}
		mean := sum / n
		t.Logf("gap %s: delays %s to %s, mean %s", gap, lo, hi, mean)
		// With gaps wider than the jitter's range packets never wait for
		// each other, and the mean is the delay; with close packets they
		// queue, which only lengthens delays.
		if gap > 2*jitter && (mean-delay).Abs() > time.Millisecond {
			t.Errorf("gap %s: mean delay %s, want %s ± 1ms", gap, mean, delay)
		}
		if gap > 2*jitter && (lo > delay-jitter+time.Millisecond || hi < delay+jitter-time.Millisecond) {
			t.Errorf("gap %s: delays %s to %s do not span %s ± %s", gap, lo, hi, delay, jitter)
		}
	}
}
