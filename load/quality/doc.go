// Package quality aggregates what media/stats measures per subscribed
// track into figures that merge exactly across tracks, rooms and shards:
// an HdrHistogram per metric, plus counters of packets, frames and
// freezes.
//
// Percentiles are always read from a (merged) histogram, never averaged:
// the p99 of two shards is not the mean of their p99s. Counters give the
// totals that are ratios of sums, such as the overall loss, which is the
// lost packets of every track over their expected packets, not a mean of
// per-track losses.
//
// A report carries an Aggregate as JSON, each histogram as the base64 of
// HdrHistogram's compressed V2 encoding, so that `lkbot load merge` can
// merge reports written by separate processes.
package quality
