package quality_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

// Two shards measure their tracks; their reports merge into the figures
// one process would have given.
func Example() {
	shardA, shardB := quality.New(), quality.New()
	for i := range 100 {
		shardA.AddTrack(stats.Quality{Expected: 1000, Lost: 1, LostBeforeRepair: 80, Repaired: 79}, false)
		shardA.RecordDuration(quality.JoinMs, time.Duration(200+i)*time.Millisecond)
	}
	shardB.AddTrack(stats.Quality{Expected: 1000, Lost: 300, LostBeforeRepair: 300}, false)
	shardB.RecordDuration(quality.JoinMs, 5*time.Second)

	merged := quality.New()
	for _, shard := range []*quality.Aggregate{shardA, shardB} {
		report, _ := json.Marshal(shard) // what each shard writes
		var read quality.Aggregate
		if err := json.Unmarshal(report, &read); err != nil {
			fmt.Println(err)
			return
		}
		merged.Merge(&read)
	}
	c, join, loss := merged.Counters(), merged.Percentiles(quality.JoinMs), merged.Percentiles(quality.LossPPM)
	fmt.Printf("%d tracks, residual loss %.2f%%, before retransmission %.2f%%\n", c.Tracks, 100*c.Loss(), 100*c.LossBeforeRepair())
	fmt.Printf("join p50 %d ms, p99 %d ms, max %d ms\n", join.P50, join.P99, join.Max)
	fmt.Printf("per-track residual loss p50 %d ppm, max %d ppm\n", loss.P50, loss.Max)
	// Output:
	// 101 tracks, residual loss 0.40%, before retransmission 8.22%
	// join p50 250 ms, p99 299 ms, max 5003 ms
	// per-track residual loss p50 1000 ppm, max 300031 ppm
}
