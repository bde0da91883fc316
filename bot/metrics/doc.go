// Package metrics serves one long-running bot's figures to Prometheus:
// its connection state, readiness and rejoins, and per local track what
// it encoded and sent, beside the Go runtime's and the process's metrics.
//
// The figures are read from a bot.Snapshot at each scrape, so nothing is
// counted twice and nothing runs between scrapes. Track counters start
// from zero when a track is published again (after an unpublish, or a
// rejoin); Prometheus' rate and increase take such resets in their
// stride.
//
// Every series is in a registry of its own, so that what the LiveKit SDK
// or pion may register globally stays out.
package metrics
