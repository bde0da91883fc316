package metrics

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/lkbot/lkbot/internal/promcheck"
)

func TestSampleFiguresBecomeMetrics(t *testing.T) {
	e := New()
	e.ObserveSample(sample(1, 3, map[string]int{"load-1": 3}))
	e.ObserveSample(sample(3, 5, map[string]int{"load-1": 3, "load-2": 2}))
	fams := gather(t, e.Gatherer())

	want(t, fams, "lkbot_load_planned_bots", "", 6)
	want(t, fams, "lkbot_load_joined_bots", "role=publisher", 2)
	want(t, fams, "lkbot_load_joined_bots", "role=subscriber", 3)
	want(t, fams, "lkbot_load_joined_bots", "role=audio_publisher", 0)
	want(t, fams, "lkbot_load_joins_total", "", 5)
	want(t, fams, "lkbot_load_join_failures_total", "", 1)
	want(t, fams, "lkbot_load_session_ends_total", "", 2)
	want(t, fams, "lkbot_load_churns_total", "", 3)
	want(t, fams, "lkbot_load_warm", "", 1)
	want(t, fams, "lkbot_load_generator_cpu_cores", "", 1.5)
	want(t, fams, "lkbot_load_generator_saturated", "", 1)
	want(t, fams, "lkbot_load_generator_tick_lag_seconds", "", 0.3)
	want(t, fams, "lkbot_load_generator_gc_pause_max_seconds", "", 0.002)

	// load-1 received traffic(3) twice; load-2, traffic(2) once.
	want(t, fams, "lkbot_load_room_joined_bots", "room=load-1", 3)
	want(t, fams, "lkbot_load_received_tracks", "room=load-2", 4)
	want(t, fams, "lkbot_load_received_bytes_total", "room=load-1", 600_000)
	want(t, fams, "lkbot_load_received_packets_total", "room=load-2", 200)
	want(t, fams, "lkbot_load_packets_expected_total", "room=load-1", 612)
	want(t, fams, "lkbot_load_packets_lost_total", "room=load-1,stage=after_repair", 6)
	want(t, fams, "lkbot_load_packets_lost_total", "room=load-1,stage=before_repair", 12)
	want(t, fams, "lkbot_load_video_frames_total", "room=load-2", 60)
	want(t, fams, "lkbot_load_video_seconds_total", "room=load-1", 6)
	want(t, fams, "lkbot_load_video_freezes_total", "room=load-2", 2)
	want(t, fams, "lkbot_load_video_freeze_seconds_total", "room=load-1", 0.6)
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
	if _, ok := fams["process_cpu_seconds_total"]; !ok {
		t.Error("no process metrics")
	}
}

func TestLatencyHistogramByRoom(t *testing.T) {
	e := New()
	for _, ms := range []int{20, 40, 380} {
		e.ObserveLatency("load-1", time.Duration(ms)*time.Millisecond)
	}
	e.ObserveLatency("load-2", 6*time.Second)
	mfs, err := e.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "lkbot_load_latency_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			h := m.GetHistogram()
			switch labelKey(m) {
			case "room=load-1":
				if h.GetSampleCount() != 3 || h.GetSampleSum() < 0.439 || h.GetSampleSum() > 0.441 {
					t.Errorf("load-1: count %d sum %g, want 3 and 0.44", h.GetSampleCount(), h.GetSampleSum())
				}
				if under50ms := bucketCount(h, 0.05); under50ms != 2 {
					t.Errorf("load-1: %d latencies at most 50ms, want 2", under50ms)
				}
			case "room=load-2":
				if bucketCount(h, 5) != 0 || h.GetSampleCount() != 1 {
					t.Errorf("load-2: a 6 s latency should count above the last bucket: %v", h)
				}
			}
		}
		return
	}
	t.Fatal("no lkbot_load_latency_seconds")
}

// bucketCount is how many of h's observations are at most le.
func bucketCount(h *dto.Histogram, le float64) uint64 {
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == le {
			return b.GetCumulativeCount()
		}
	}
	return 0
}

func TestCountersNeverDecreaseWhenBotsLeave(t *testing.T) {
	e := New()
	e.ObserveSample(sample(1, 5, map[string]int{"load-1": 3, "load-2": 2}))
	before := gather(t, e.Gatherer())
	// Every bot of load-2 left; a shard total that came back lower must
	// not lower the counter either.
	e.ObserveSample(sample(2, 4, map[string]int{"load-1": 3}))
	after := gather(t, e.Gatherer())

	for name, f := range before {
		if !strings.HasSuffix(name, "_total") || !strings.HasPrefix(name, "lkbot_") {
			continue
		}
		for labels, v := range f {
			got, ok := after[name][labels]
			if !ok || got < v {
				t.Errorf("%s{%s} went from %g to %g (present %v)", name, labels, v, got, ok)
			}
		}
	}
	want(t, after, "lkbot_load_joins_total", "", 5)
	want(t, after, "lkbot_load_received_bytes_total", "room=load-2", 200_000)
	want(t, after, "lkbot_load_room_joined_bots", "room=load-2", 0)
	want(t, after, "lkbot_load_received_tracks", "room=load-2", 0)
}

func TestMetricsPassPromlint(t *testing.T) {
	e := New()
	e.ObserveSample(sample(3, 5, map[string]int{"load-1": 3, "load-2": 2}))
	e.ObserveLatency("load-1", 30*time.Millisecond)
	promcheck.Lint(t, e.Gatherer())
}

func TestRoomsBeyondTheCapCountAsOther(t *testing.T) {
	e := New(WithMaxRooms(2))
	e.ObserveSample(sample(1, 15, map[string]int{"load-1": 1, "load-2": 2, "load-3": 3, "load-4": 4, "load-5": 5}))
	e.ObserveLatency("load-4", 10*time.Millisecond)
	e.ObserveLatency("load-9", 10*time.Millisecond)
	e.ObserveLatency("load-2", 10*time.Millisecond)
	fams := gather(t, e.Gatherer())

	want(t, fams, "lkbot_load_received_bytes_total", "room=load-1", 100_000)
	want(t, fams, "lkbot_load_received_bytes_total", "room=load-2", 200_000)
	want(t, fams, "lkbot_load_received_bytes_total", "room=_other", 1_200_000)
	want(t, fams, "lkbot_load_room_joined_bots", "room=_other", 12)
	want(t, fams, "lkbot_load_latency_seconds", "room=_other", 2)
	want(t, fams, "lkbot_load_latency_seconds", "room=load-2", 1)
	if n := len(fams["lkbot_load_received_bytes_total"]); n != 3 {
		t.Errorf("%d room series, want 3 (two rooms and _other): %v", n, fams["lkbot_load_received_bytes_total"])
	}
}

func TestRoomNameThatIsNotUTF8(t *testing.T) {
	e := New()
	e.ObserveSample(sample(1, 1, map[string]int{"bad\xff": 1}))
	e.ObserveLatency("bad\xff", time.Millisecond)
	fams := gather(t, e.Gatherer())
	want(t, fams, "lkbot_load_room_joined_bots", "room=bad\uFFFD", 1)
}

func TestObservationsFromManyGoroutines(t *testing.T) {
	e := New(WithMaxRooms(3))
	const workers, each = 4, 200
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				e.ObserveLatency(fmt.Sprintf("load-%d", (w*each+i)%10), time.Duration(i)*time.Millisecond)
			}
		})
	}
	wg.Go(func() {
		for sec := range 20 {
			e.ObserveSample(sample(sec, sec, map[string]int{fmt.Sprintf("load-%d", sec%10): 2}))
			if _, err := e.Gatherer().Gather(); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	fams := gather(t, e.Gatherer())
	total := 0.0
	for _, n := range fams["lkbot_load_latency_seconds"] {
		total += n
	}
	if total != workers*each {
		t.Errorf("%g latencies counted, want %d", total, workers*each)
	}
	if n := len(fams["lkbot_load_latency_seconds"]); n != 4 {
		t.Errorf("%d latency series, want 3 rooms and _other", n)
	}
}
