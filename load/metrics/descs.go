package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// namespace prefixes every lkbot load metric.
const namespace = "lkbot_load_"

// shardMetric is one series of the whole shard, read from shardTotals.
type shardMetric struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(*shardTotals) float64
}

// roomMetric is one series per room label, read from roomTotals; stage,
// when set, is the value of a second label, "stage".
type roomMetric struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	stage string
	value func(*roomTotals) float64
}

// The labels.
const (
	labelRoom  = "room"
	labelRole  = "role"
	labelStage = "stage"
)

// The values of the stage label of lost packets.
const (
	StageBeforeRepair = "before_repair"
	StageAfterRepair  = "after_repair"
)

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(namespace+name, help, labels, nil)
}

// newJoinedBotsDesc describes the bots joined by role, collected apart
// from shardMetrics for its label.
func newJoinedBotsDesc() *prometheus.Desc {
	return desc("joined_bots", "Bots in their rooms now, by role.", labelRole)
}

// newShardMetrics defines each metric of the whole shard.
func newShardMetrics() []shardMetric {
	return []shardMetric{
		{desc("planned_bots", "Bots this shard runs, joined or not."), prometheus.GaugeValue,
			func(t *shardTotals) float64 { return float64(t.planned) }},
		{desc("joins_total", "Joins that succeeded, rejoins after churn included."), prometheus.CounterValue,
			func(t *shardTotals) float64 { return float64(t.joins) }},
		{desc("join_failures_total", "Joins that failed."), prometheus.CounterValue,
			func(t *shardTotals) float64 { return float64(t.failures) }},
		{desc("session_ends_total", "Sessions ended by the server or the network, not by the run."), prometheus.CounterValue,
			func(t *shardTotals) float64 { return float64(t.sessionEnds) }},
		{desc("churns_total", "Bots that left and rejoined on purpose (--churn)."), prometheus.CounterValue,
			func(t *shardTotals) float64 { return float64(t.churns) }},
		{desc("warm", "1 once the warm-up is over and figures count in the report, else 0."), prometheus.GaugeValue,
			func(t *shardTotals) float64 { return boolValue(t.warm) }},
		{desc("generator_cpu_cores", "CPU the load generator used over the last sample's interval, in cores."), prometheus.GaugeValue,
			func(t *shardTotals) float64 { return t.generator.CPU }},
		{desc("generator_saturated", "1 when the load generator was the bottleneck in the last sample's interval, else 0."), prometheus.GaugeValue,
			func(t *shardTotals) float64 { return boolValue(t.generator.Saturated) }},
		{desc("generator_tick_lag_seconds", "How late the sampler's timer fired in the last interval: the wait for a core."), prometheus.GaugeValue,
			func(t *shardTotals) float64 { return t.generator.TickLagMs / 1000 }},
		{desc("generator_gc_pause_max_seconds", "Longest stop-the-world GC pause in the last sample's interval."), prometheus.GaugeValue,
			func(t *shardTotals) float64 { return t.generator.GCPauseMaxMs / 1000 }},
	}
}

// newRoomMetrics defines each metric kept per room label but latency,
// which is a histogram fed by ObserveLatency.
func newRoomMetrics() []roomMetric {
	lostDesc := desc("packets_lost_total", "RTP packets lost, by stage: before or after retransmission repaired them.", labelRoom, labelStage)
	return []roomMetric{
		{desc("room_joined_bots", "Bots in the room now.", labelRoom), prometheus.GaugeValue, "",
			func(t *roomTotals) float64 { return float64(t.joined) }},
		{desc("received_tracks", "Tracks the room's bots receive now.", labelRoom), prometheus.GaugeValue, "",
			func(t *roomTotals) float64 { return float64(t.tracks) }},
		{desc("received_bytes_total", "RTP payload bytes the room's bots received.", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return float64(t.traffic.Bytes) }},
		{desc("received_packets_total", "RTP packets the room's bots received.", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return float64(t.traffic.Packets) }},
		{desc("packets_expected_total", "RTP packets the room's bots expected (RFC 3550).", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return float64(t.traffic.Expected) }},
		{lostDesc, prometheus.CounterValue, StageBeforeRepair,
			func(t *roomTotals) float64 { return float64(t.traffic.LostBeforeRepair) }},
		{lostDesc, prometheus.CounterValue, StageAfterRepair,
			func(t *roomTotals) float64 { return float64(t.traffic.Lost) }},
		{desc("video_frames_total", "Decodable video frames the room's bots received.", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return float64(t.traffic.Frames) }},
		{desc("video_seconds_total", "Video time the received frames span, pauses left out, summed over tracks.", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return t.traffic.FrameTime.Seconds() }},
		{desc("video_freezes_total", "Video freezes the room's bots saw.", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return float64(t.traffic.Freezes) }},
		{desc("video_freeze_seconds_total", "Video time frozen, summed over tracks.", labelRoom), prometheus.CounterValue, "",
			func(t *roomTotals) float64 { return t.traffic.FreezeTime.Seconds() }},
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
