package quality

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/stats"
)

// BenchmarkAddTrack is the cost of adding one track's figures.
func BenchmarkAddTrack(b *testing.B) {
	a := New()
	q := stats.Quality{Expected: 9000, Lost: 3, LostBeforeRepair: 700, Repaired: 697, JitterMs: 2.1,
		DecodableFrames: 1800, CompleteFrames: 1800, Intervals: 1799, VideoDuration: time.Minute,
		SquaredIntervals: 60.0 / 30, TimeToFirstFrame: 400 * time.Millisecond}
	b.ReportAllocs()
	for b.Loop() {
		a.AddTrack(q, true)
	}
}

// BenchmarkMarshal is the cost and size of an aggregate of 10 000 tracks
// in a report.
func BenchmarkMarshal(b *testing.B) {
	a := New()
	for i := range 10_000 {
		a.AddTrack(stats.Quality{Expected: 9000, Lost: uint64(i % 13), LostBeforeRepair: uint64(i % 900), JitterMs: float64(i%300) / 10,
			DecodableFrames: 1800, Intervals: 1799, VideoDuration: time.Minute, SquaredIntervals: 2 + float64(i%50)/100,
			TimeToFirstFrame: time.Duration(200+i%900) * time.Millisecond}, true)
		a.Record(LatencyMs, int64(30+i%400))
		a.Record(JoinMs, int64(150+i%2000))
	}
	var size int
	b.ReportAllocs()
	for b.Loop() {
		out, err := json.Marshal(a)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/report")
}
