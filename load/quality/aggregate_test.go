package quality

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/stats"
)

// latencies returns n values of v ms.
func latencies(a *Aggregate, n int, v int64) *Aggregate {
	for range n {
		a.Record(LatencyMs, v)
	}
	return a
}

// TestMergedPercentilesAreNotAveraged merges a big healthy shard with a
// small bad one. The merged histogram gives the percentiles of all the
// values together; averaging the shards' percentiles would report a p95
// of about 1 s where 95% of frames took 50 ms.
func TestMergedPercentilesAreNotAveraged(t *testing.T) {
	good := latencies(New(), 1000, 50)
	bad := latencies(New(), 20, 2000)
	all := latencies(latencies(New(), 1000, 50), 20, 2000)

	merged := New()
	merged.Merge(good)
	merged.Merge(bad)
	got, want := merged.Percentiles(LatencyMs), all.Percentiles(LatencyMs)
	if got != want {
		t.Fatalf("merged %+v, want %+v as from one histogram of every value", got, want)
	}
	if got.Count != 1020 || got.P50 != 50 || got.P95 != 50 || got.P99 < 2000 || got.P99 > 2002 {
		t.Errorf("merged %+v, want 1020 values, p50 and p95 of 50 ms, p99 of 2000 ms within 0.1%%", got)
	}
	averagedP95 := (good.Percentiles(LatencyMs).P95 + bad.Percentiles(LatencyMs).P95) / 2
	if averagedP95 < 1000 {
		t.Errorf("averaging p95s gives %d ms: the example no longer shows the difference", averagedP95)
	}
}

func TestMergeOfShardsEqualsOneProcess(t *testing.T) {
	one := New()
	shards := []*Aggregate{New(), New(), New()}
	for i := range 3000 {
		q := stats.Quality{
			Expected: 1000, Lost: uint64(i % 7), Repaired: uint64(i % 11), JitterMs: float64(i%40) / 3,
			DecodableFrames: 300, CompleteFrames: 301, VideoDuration: 10 * time.Second,
			FreezeDuration: time.Duration(i%5) * 100 * time.Millisecond, Freezes: uint64(i % 5 / 2),
			Intervals: 295, SquaredIntervals: 10.0 / 29.5, TimeToFirstFrame: time.Duration(200+i%300) * time.Millisecond,
		}
		q.LostBeforeRepair = q.Lost + q.Repaired
		video := i%3 != 0
		one.AddTrack(q, video)
		one.RecordDuration(JoinMs, time.Duration(100+i)*time.Millisecond)
		shards[i%3].AddTrack(q, video)
		shards[i%3].RecordDuration(JoinMs, time.Duration(100+i)*time.Millisecond)
	}
	merged := New()
	for _, s := range shards {
		merged.Merge(s)
	}
	if merged.Counters() != one.Counters() {
		t.Errorf("merged counters %+v, want %+v", merged.Counters(), one.Counters())
	}
	for _, m := range Metrics() {
		if got, want := merged.Percentiles(m), one.Percentiles(m); got != want {
			t.Errorf("%s: merged %+v, want %+v", m.Name, got, want)
		}
	}
	if c := one.Counters(); c.Tracks != 3000 || c.VideoTracks != 2000 || c.Expected != 3_000_000 {
		t.Errorf("counters %+v, want 3000 tracks of which 2000 video, 3 000 000 expected", c)
	}
}

func TestAddTrack(t *testing.T) {
	a := New()
	a.AddTrack(stats.Quality{
		Expected: 2000, Lost: 20, Repaired: 180, LostBeforeRepair: 200, JitterMs: 2.5,
		DecodableFrames: 301, CompleteFrames: 301, VideoDuration: 10 * time.Second,
		FreezeDuration: 500 * time.Millisecond, Freezes: 1, Intervals: 300, SquaredIntervals: 10.0 / 25, TimeToFirstFrame: 750 * time.Millisecond,
	}, true)
	a.AddTrack(stats.Quality{Expected: 500, JitterMs: 1}, false)
	want := map[Metric]int64{
		LossPPM: 10_000, LossBeforeRepairPPM: 100_000, JitterUs: 2500, FreezeRatioPPM: 50_000,
		FPSCenti: 3000, HarmonicFPSCenti: 2500, FirstFrameMs: 750,
	}
	for m, v := range want {
		if p := a.Percentiles(m); p.Max < v || p.Max > v+v/1000 {
			t.Errorf("%s max = %d, want %d within 0.1%%", m.Name, p.Max, v)
		}
	}
	c := a.Counters()
	if c.Tracks != 2 || c.VideoTracks != 1 || !near(c.Loss(), 20.0/2500) || !near(c.LossBeforeRepair(), 200.0/2500) || !near(c.FreezeRatio(), 0.05) {
		t.Errorf("counters %+v: loss %v, before repair %v, freeze ratio %v", c, c.Loss(), c.LossBeforeRepair(), c.FreezeRatio())
	}
	if p := a.Percentiles(LossPPM); p.Count != 2 || p.P50 != 0 {
		t.Errorf("loss ppm %+v, want the audio track's 0 and the video track's 10 000", p)
	}
}

func TestRecordClamps(t *testing.T) {
	a := New()
	a.Record(LatencyMs, 90_000)
	a.Record(LatencyMs, -5)
	p := a.Percentiles(LatencyMs)
	if p.Count != 2 || p.Max < 60_000 || p.Max > 60_100 || a.Counters().Clamped != 1 {
		t.Errorf("%+v, clamped %d; want 2 values, max 60 s, 1 clamped", p, a.Counters().Clamped)
	}
	if p := New().Percentiles(JoinMs); p != (Percentiles{}) {
		t.Errorf("empty histogram: %+v", p)
	}
}

func TestMergeSelf(t *testing.T) {
	a := latencies(New(), 10, 100)
	a.Merge(a)
	if n := a.Percentiles(LatencyMs).Count; n != 20 {
		t.Errorf("count after merging with itself = %d, want 20", n)
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

// mustJSON marshals a or fails.
func mustJSON(t testing.TB, a *Aggregate) []byte {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
