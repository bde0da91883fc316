package report

import (
	"maps"
	"slices"
	"time"

	"github.com/lkbot/lkbot/load"
)

// mergeSeries lines the shards' samples up on their time since the
// earliest shard's start, rounded to the second, and sums each second's
// counts and traffic. A shard's samples that round to the same second are
// folded first (the later one's gauges, both intervals' traffic).
//
// The interval latency p50 and p95 of a merged sample are the highest of
// the shards': an upper bound, since percentiles cannot be merged without
// the values. The report's totals, read from merged histograms, are exact.
func mergeSeries(shards []*Report) []load.Sample {
	var start time.Time
	for _, r := range shards {
		start = earliest(start, r.StartedAt)
	}
	bySecond := map[int64]*load.Sample{}
	for _, r := range shards {
		offset := r.StartedAt.Sub(start)
		own := map[int64]*load.Sample{}
		for _, s := range r.Series {
			second := int64((offset + s.Elapsed).Round(time.Second) / time.Second)
			if prev := own[second]; prev != nil {
				foldLater(prev, s)
			} else {
				own[second] = copySample(s)
			}
		}
		for second, s := range own {
			if m := bySecond[second]; m != nil {
				foldShard(m, *s)
			} else {
				bySecond[second] = s
			}
		}
	}
	out := make([]load.Sample, 0, len(bySecond))
	for _, second := range slices.Sorted(maps.Keys(bySecond)) {
		s := bySecond[second]
		s.Elapsed = time.Duration(second) * time.Second
		out = append(out, *s)
	}
	return out
}

func copySample(s load.Sample) *load.Sample {
	s.Rooms = nil // not in the report
	s.JoinedByRole = maps.Clone(s.JoinedByRole)
	return &s
}

// foldLater folds into m a later sample of the same shard: its gauges and
// running totals replace m's, its interval's traffic adds to m's.
func foldLater(m *load.Sample, s load.Sample) {
	traffic, p50, p95, count := m.Traffic, m.LatencyP50Ms, m.LatencyP95Ms, m.LatencyCount
	*m = *copySample(s)
	m.Traffic.Add(traffic)
	m.Traffic.Seconds += traffic.Seconds
	m.LatencyP50Ms, m.LatencyP95Ms = max(p50, s.LatencyP50Ms), max(p95, s.LatencyP95Ms)
	m.LatencyCount += count
}

// foldShard adds another shard's sample of the same second into m. The
// traffic's seconds are the longer interval's: the shards' intervals
// overlap, and their bytes add up within it.
func foldShard(m *load.Sample, s load.Sample) {
	m.At = earliest(m.At, s.At)
	m.Warm = m.Warm && s.Warm
	m.Planned += s.Planned
	m.Joined += s.Joined
	m.JoinsTotal += s.JoinsTotal
	m.FailuresTotal += s.FailuresTotal
	m.SessionEndsTotal += s.SessionEndsTotal
	m.ChurnsTotal += s.ChurnsTotal
	m.Tracks += s.Tracks
	m.VideoTracks += s.VideoTracks
	m.Traffic.Add(s.Traffic)
	m.Traffic.Seconds = max(m.Traffic.Seconds, s.Traffic.Seconds)
	m.TrafficTotal.Add(s.TrafficTotal)
	m.TrafficTotal.Seconds = max(m.TrafficTotal.Seconds, s.TrafficTotal.Seconds)
	m.LatencyP50Ms = max(m.LatencyP50Ms, s.LatencyP50Ms)
	m.LatencyP95Ms = max(m.LatencyP95Ms, s.LatencyP95Ms)
	m.LatencyCount += s.LatencyCount
	foldGenerator(&m.Generator, s.Generator)
	if len(s.JoinedByRole) > 0 && m.JoinedByRole == nil {
		m.JoinedByRole = map[load.Role]int{}
	}
	for role, n := range s.JoinedByRole {
		m.JoinedByRole[role] += n
	}
}

// foldGenerator adds another process's health: CPU cores, goroutines and
// heap add up; the shares, pauses and lags are the worst.
func foldGenerator(g *load.Generator, o load.Generator) {
	g.CPU += o.CPU
	g.CPUShare = max(g.CPUShare, o.CPUShare)
	g.GCPauseMaxMs = max(g.GCPauseMaxMs, o.GCPauseMaxMs)
	g.TickLagMs = max(g.TickLagMs, o.TickLagMs)
	g.Goroutines += o.Goroutines
	g.HeapBytes += o.HeapBytes
	g.Saturated = g.Saturated || o.Saturated
}
