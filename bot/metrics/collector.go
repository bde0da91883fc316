package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lkbot/lkbot/bot"
)

// Collector reports a bot's snapshot as constant metrics at each scrape.
type Collector struct {
	snap    func() bot.Snapshot
	state   *prometheus.Desc
	ready   *prometheus.Desc
	rejoins *prometheus.Desc
	// processed and processorTime: the camera effect's frames and time.
	processed, processorTime *prometheus.Desc
	tracks                   []trackMetric
}

var _ prometheus.Collector = (*Collector)(nil)

// NewCollector reports what snap returns, calling it once per scrape;
// snap is usually (*bot.Bot).Snapshot.
func NewCollector(snap func() bot.Snapshot) *Collector {
	return &Collector{
		snap:          snap,
		state:         desc("connection_state", "1 for the bot's connection state now, 0 for the others.", labelState),
		ready:         desc("ready", "1 while the bot is connected and publishing every configured source, else 0."),
		rejoins:       desc("rejoins_total", "Times the bot got back into its room after losing its session."),
		processed:     desc("processor_frames_total", "Camera frames the effect (blur or background) processed."),
		processorTime: desc("processor_seconds_total", "Time the effect spent on them; divided by processor_frames_total, the time per frame."),
		tracks:        newTrackMetrics(),
	}
}

// Describe sends each metric's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.state
	ch <- c.ready
	ch <- c.rejoins
	ch <- c.processed
	ch <- c.processorTime
	for _, m := range c.tracks {
		ch <- m.desc
	}
}

// Collect sends the figures of one snapshot.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	s := c.snap()
	for _, state := range states {
		ch <- prometheus.MustNewConstMetric(c.state, prometheus.GaugeValue, boolValue(s.Connection == state), state)
	}
	ch <- prometheus.MustNewConstMetric(c.ready, prometheus.GaugeValue, boolValue(s.Ready()))
	ch <- prometheus.MustNewConstMetric(c.rejoins, prometheus.CounterValue, float64(s.Rejoins))
	ch <- prometheus.MustNewConstMetric(c.processed, prometheus.CounterValue, float64(s.ProcessedFrames))
	ch <- prometheus.MustNewConstMetric(c.processorTime, prometheus.CounterValue, s.ProcessorTime.Seconds())
	for _, t := range s.Tracks {
		for _, m := range c.tracks {
			ch <- prometheus.MustNewConstMetric(m.desc, m.kind, m.value(t), t.Source, t.Kind, t.Codec)
		}
	}
}

// NewRegistry returns a registry of the bot's metrics, read from snap at
// each scrape, and of the Go runtime's and the process's.
func NewRegistry(snap func() bot.Snapshot) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		NewCollector(snap),
	)
	return reg
}

// Handler serves NewRegistry(snap)'s metrics in any format a scraper
// asks for.
func Handler(snap func() bot.Snapshot) http.Handler {
	reg := NewRegistry(snap)
	return promhttp.InstrumentMetricHandler(reg,
		promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
}
