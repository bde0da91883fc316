// Package metrics serves a load run's figures to Prometheus while the run
// lasts: how many bots are planned and joined, joins and failures, what
// each room's bots received, end-to-end latency, and the load generator's
// own health, beside the Go runtime and process metrics.
//
// The Exporter keeps its own registry, so nothing else in the process
// (the LiveKit SDK, pion) adds series to it. Runner.Params.OnSample feeds
// ObserveSample and Runner.Params.OnLatency feeds ObserveLatency; Listen
// and Server.Serve expose Handler on /metrics.
//
// Room cardinality: a run may have thousands of rooms, and each room
// costs about thirty series (counters, gauges and the latency
// histogram's buckets). Only the first rooms to appear in a run, up to
// DefaultMaxRooms (or WithMaxRooms), get series of their own; the rest
// are added together under room="_other", so sums over rooms stay right
// whatever the cap.
package metrics
