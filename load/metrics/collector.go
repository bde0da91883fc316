package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lkbot/lkbot/load"
)

// sampleCollector reports the latest sample's figures as constant
// metrics at each scrape: the counters are running totals that the
// Exporter keeps from going down, so they need no state of their own.
type sampleCollector Exporter

var _ prometheus.Collector = (*sampleCollector)(nil)

// Describe sends each metric's description once.
func (c *sampleCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.joinedBots
	for _, m := range c.shard {
		ch <- m.desc
	}
	seen := map[*prometheus.Desc]bool{}
	for _, m := range c.room {
		if !seen[m.desc] {
			seen[m.desc] = true
			ch <- m.desc
		}
	}
}

// Collect sends the latest figures.
func (c *sampleCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &c.totals
	for _, m := range c.shard {
		ch <- prometheus.MustNewConstMetric(m.desc, m.kind, m.value(t))
	}
	for _, role := range load.Roles() {
		ch <- prometheus.MustNewConstMetric(c.joinedBots, prometheus.GaugeValue, float64(t.joinedByRole[role]), string(role))
	}
	for label, r := range c.byLabel {
		for _, m := range c.room {
			values := []string{label}
			if m.stage != "" {
				values = append(values, m.stage)
			}
			ch <- prometheus.MustNewConstMetric(m.desc, m.kind, m.value(r), values...)
		}
	}
}
