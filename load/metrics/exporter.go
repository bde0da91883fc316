package metrics

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lkbot/lkbot/load"
)

// Exporter holds a load run's metrics in a registry of its own. Its
// methods are safe for concurrent use.
type Exporter struct {
	registry *prometheus.Registry
	rooms    *roomLabels

	shard      []shardMetric
	room       []roomMetric
	joinedBots *prometheus.Desc

	mu      sync.Mutex
	totals  shardTotals
	byLabel map[string]*roomTotals
}

// Option changes how New makes an Exporter.
type Option func(*options)

type options struct {
	maxRooms int
}

// WithMaxRooms gives series of their own to the first n rooms to appear
// in the run; the rest count together under room="_other". n below 0 is
// taken as 0: every room under "_other".
func WithMaxRooms(n int) Option {
	return func(o *options) { o.maxRooms = max(n, 0) }
}

// New makes an Exporter with the Go runtime's and the process's metrics
// and lkbot's, all zero until the first sample.
func New(opts ...Option) *Exporter {
	o := options{maxRooms: DefaultMaxRooms}
	for _, opt := range opts {
		opt(&o)
	}
	latency := newLatency()
	e := &Exporter{
		registry:   prometheus.NewRegistry(),
		rooms:      newRoomLabels(o.maxRooms, latency),
		shard:      newShardMetrics(),
		room:       newRoomMetrics(),
		joinedBots: newJoinedBotsDesc(),
		byLabel:    map[string]*roomTotals{},
	}
	e.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		latency,
		(*sampleCollector)(e),
	)
	return e
}

// ObserveSample takes in a sample of the run: load.Params.OnSample.
func (e *Exporter) ObserveSample(s load.Sample) {
	names := make([]string, 0, len(s.Rooms))
	for name := range s.Rooms {
		names = append(names, name)
	}
	e.rooms.assignAll(names)

	e.mu.Lock()
	defer e.mu.Unlock()
	e.totals.observe(s)
	for _, t := range e.byLabel {
		t.joined, t.tracks = 0, 0
	}
	for name, r := range s.Rooms {
		if r == nil {
			continue
		}
		t := e.roomTotals(e.rooms.of(name).label)
		t.joined += r.Joined
		t.tracks += r.Tracks
		t.traffic.Add(r.Traffic)
	}
}

// roomTotals returns label's totals, made when new; e.mu is held.
func (e *Exporter) roomTotals(label string) *roomTotals {
	t := e.byLabel[label]
	if t == nil {
		t = &roomTotals{}
		e.byLabel[label] = t
	}
	return t
}

// ObserveLatency records one end-to-end latency measured in room:
// load.Params.OnLatency. It is quick enough for the bots' receiving
// goroutines.
func (e *Exporter) ObserveLatency(room string, d time.Duration) {
	e.rooms.of(room).latency.Observe(d.Seconds())
}

// Handler serves the metrics in any format a scraper asks for.
func (e *Exporter) Handler() http.Handler {
	return promhttp.InstrumentMetricHandler(e.registry,
		promhttp.HandlerFor(e.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
}

// Gatherer gives the metrics as Prometheus' data model, for tests and
// for tools that push rather than serve.
func (e *Exporter) Gatherer() prometheus.Gatherer { return e.registry }
