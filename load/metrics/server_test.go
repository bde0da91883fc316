package metrics

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
)

// serve runs a Server for e on a free loopback port until the test ends,
// and checks it stops cleanly and leaves no goroutine behind.
func serve(t *testing.T, e *Exporter) string {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	srv, err := Listen("127.0.0.1:0", e)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("Serve after cancel: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Serve did not return after its context ended")
		}
		http.DefaultClient.CloseIdleConnections()
		lktest.WaitNoLeaks(t, ignore)
	})
	return "http://" + srv.Addr().String() + Path
}

func TestScrapeOverHTTP(t *testing.T) {
	e := New()
	url := serve(t, e)
	e.ObserveSample(sample(3, 5, map[string]int{"load-1": 3, "load-2": 2}))
	e.ObserveLatency("load-2", 120*time.Millisecond)

	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse the scrape: %v", err)
	}
	fams := map[string]family{}
	for name, mf := range mfs {
		f := family{}
		for _, m := range mf.GetMetric() {
			f[labelKey(m)] = value(m)
		}
		fams[name] = f
	}
	want(t, fams, "lkbot_load_joined_bots", "role=subscriber", 3)
	want(t, fams, "lkbot_load_received_bytes_total", "room=load-2", 200_000)
	want(t, fams, "lkbot_load_packets_lost_total", "room=load-1,stage=after_repair", 3)
	want(t, fams, "lkbot_load_latency_seconds", "room=load-2", 1)
	if mfs["lkbot_load_joins_total"].GetType().String() != "COUNTER" || mfs["lkbot_load_latency_seconds"].GetType().String() != "HISTOGRAM" {
		t.Errorf("types: joins %s, latency %s", mfs["lkbot_load_joins_total"].GetType(), mfs["lkbot_load_latency_seconds"].GetType())
	}
}

func TestListenOnAnAddressInUse(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	_, err = Listen(taken.Addr().String(), New())
	if err == nil {
		t.Fatal("Listen on a taken address succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, taken.Addr().String()) || !strings.Contains(msg, "already in use") || strings.Contains(msg, "\n") {
		t.Errorf("error %q should be one line naming the address and saying it is in use", msg)
	}
}

func TestServeStopsAtOnceWhenCancelledBeforehand(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	srv, err := Listen("127.0.0.1:0", New())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := srv.Serve(ctx); err != nil {
		t.Errorf("Serve: %v", err)
	}
	lktest.WaitNoLeaks(t, ignore)
}
