package report

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

// bigShard is one shard of a long, wide run: 100 rooms with 20 measured
// tracks each, and the longest series a run keeps (2×MaxSeries samples).
func bigShard(index, count int) *Report {
	r := Build(shardResult(load.Shard{Index: index, Count: count}), "lkbot bench")
	r.Rooms = nil
	total := quality.New()
	for i := range 100 {
		q := quality.New()
		for j := range 20 {
			q.AddTrack(stats.Quality{Expected: 10_000, Lost: uint64(j), DecodableFrames: 900, CompleteFrames: 900, Intervals: 899, VideoDuration: time.Minute}, true)
			for k := range 500 {
				q.Record(quality.LatencyMs, int64(k%300+j))
			}
			q.Record(quality.JoinMs, int64(100+j*10))
		}
		total.Merge(q)
		r.Rooms = append(r.Rooms, Room{Name: fmt.Sprintf("load-%d", i*count+index+1), Bots: Bots{Planned: 20, Joined: 20}, Quality: q})
	}
	r.Totals.Quality = total
	r.Series = nil
	for i := range 2 * load.MaxSeries {
		r.Series = append(r.Series, load.Sample{Elapsed: time.Duration(i) * time.Second, Planned: 2000, Joined: 2000,
			Traffic: load.Traffic{Bytes: 1e8, Expected: 1e5, Lost: uint64(i % 7), Frames: 54_000, FrameTime: time.Minute, Seconds: 1}, LatencyP50Ms: 20, LatencyP95Ms: int64(40 + i%9), LatencyCount: 5000})
	}
	return r
}

// BenchmarkRenderHTML: the HTML report of a run of 100 rooms and an
// hour's series; reports the page's size.
func BenchmarkRenderHTML(b *testing.B) {
	r := bigShard(0, 1)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := RenderHTML(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// BenchmarkMerge: ten such shards merged.
func BenchmarkMerge(b *testing.B) {
	var shards []*Report
	for i := range 10 {
		shards = append(shards, bigShard(i, 10))
	}
	for b.Loop() {
		if _, err := Merge(shards...); err != nil {
			b.Fatal(err)
		}
	}
}
