package metrics

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/lkbot/lkbot/load"
)

// family is what a test reads of one metric: its series' values by their
// labels, written as room=a,stage=b in label name order.
type family map[string]float64

// gather reads every metric of e into families keyed by name.
func gather(t *testing.T, g prometheus.Gatherer) map[string]family {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	return families(mfs)
}

func families(mfs []*dto.MetricFamily) map[string]family {
	out := map[string]family{}
	for _, mf := range mfs {
		f := family{}
		for _, m := range mf.GetMetric() {
			f[labelKey(m)] = value(m)
		}
		out[mf.GetName()] = f
	}
	return out
}

func labelKey(m *dto.Metric) string {
	key := ""
	for i, l := range m.GetLabel() {
		if i > 0 {
			key += ","
		}
		key += l.GetName() + "=" + l.GetValue()
	}
	return key
}

// value is a series' value; a histogram's is its count.
func value(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	case m.Untyped != nil:
		return m.Untyped.GetValue()
	}
	return -1
}

// want fails t unless the series of name with labels has value v.
func want(t *testing.T, fams map[string]family, name, labels string, v float64) {
	t.Helper()
	got, ok := fams[name][labels]
	if !ok {
		t.Errorf("%s{%s} missing; have %v", name, labels, fams[name])
		return
	}
	if got != v {
		t.Errorf("%s{%s} = %g, want %g", name, labels, got, v)
	}
}

// traffic is an interval's received traffic scaled by n.
func traffic(n uint64) load.Traffic {
	return load.Traffic{Packets: 100 * n, Bytes: 100_000 * n, Expected: 102 * n, Lost: n, LostBeforeRepair: 2 * n,
		Frames: 30 * n, FrameTime: time.Duration(n) * time.Second, Freezes: n, FreezeTime: time.Duration(n) * 100 * time.Millisecond, Seconds: 1}
}

// sample is a run's sample at second sec with rooms' joined bots and
// tracks, each room having received traffic(joined) in the interval.
func sample(sec int, joins int, rooms map[string]int) load.Sample {
	s := load.Sample{
		At: time.Unix(1_700_000_000+int64(sec), 0), Elapsed: time.Duration(sec) * time.Second, Warm: sec > 2,
		Planned: 6, JoinsTotal: joins, FailuresTotal: 1, SessionEndsTotal: 2, ChurnsTotal: 3,
		Rooms: map[string]*load.RoomSample{}, JoinedByRole: map[load.Role]int{},
		Generator: load.Generator{CPU: 1.5, TickLagMs: 300, GCPauseMaxMs: 2, Saturated: true},
	}
	for name, joined := range rooms {
		s.Rooms[name] = &load.RoomSample{Joined: joined, Tracks: 2 * joined, Traffic: traffic(uint64(joined))}
		s.Joined += joined
		s.JoinedByRole[load.RolePublisher]++
		s.JoinedByRole[load.RoleSubscriber] += joined - 1
	}
	return s
}
