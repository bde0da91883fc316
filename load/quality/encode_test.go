package quality

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/HdrHistogram/hdrhistogram-go"
)

func sample() *Aggregate {
	a := New()
	for i := range 500 {
		a.Record(LatencyMs, int64(20+i%180))
		a.Record(JitterUs, int64(300+i*7))
	}
	a.Record(JoinMs, 1234)
	a.counters.Tracks, a.counters.Expected, a.counters.Lost = 3, 9000, 12
	return a
}

func TestJSONRoundTrip(t *testing.T) {
	a := sample()
	b := mustJSON(t, a)
	var back Aggregate
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, b)
	}
	if back.Counters() != a.Counters() {
		t.Errorf("counters %+v, want %+v", back.Counters(), a.Counters())
	}
	for _, m := range Metrics() {
		if got, want := back.Percentiles(m), a.Percentiles(m); got != want {
			t.Errorf("%s: %+v, want %+v", m.Name, got, want)
		}
	}
	if again := mustJSON(t, &back); !bytes.Equal(again, b) {
		t.Errorf("re-encoded differs:\n%s\n%s", again, b)
	}
	// What a reader of the report sees without decoding.
	var view struct {
		Histograms map[string]struct {
			Unit string `json:"unit"`
			P95  int64  `json:"p95"`
			HDR  string `json:"hdr"`
		} `json:"histograms"`
	}
	if err := json.Unmarshal(b, &view); err != nil {
		t.Fatal(err)
	}
	lat := view.Histograms["latency_ms"]
	if lat.Unit != "ms" || lat.P95 != a.Percentiles(LatencyMs).P95 || !strings.HasPrefix(lat.HDR, "HISTF") {
		t.Errorf("latency_ms in the report = %+v", lat)
	}
	if _, ok := view.Histograms["loss_ppm"]; ok {
		t.Error("a metric with no value is in the report")
	}
}

func TestMergeDecodedReports(t *testing.T) {
	a, b := sample(), latencies(New(), 100, 900)
	want := New()
	want.Merge(a)
	want.Merge(b)
	got := New()
	for _, shard := range []*Aggregate{a, b} {
		var dec Aggregate
		if err := json.Unmarshal(mustJSON(t, shard), &dec); err != nil {
			t.Fatal(err)
		}
		got.Merge(&dec)
	}
	if g, w := got.Percentiles(LatencyMs), want.Percentiles(LatencyMs); g != w {
		t.Errorf("merged from reports %+v, want %+v", g, w)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	wide := hdrhistogram.New(1, 1<<40, 3)
	_ = wide.RecordValue(1 << 39)
	tooBig, _ := wide.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	tests := []struct {
		name, json string
		want       error
		say        string
	}{
		{"unknown metric", `{"histograms":{"latncy_ms":{"hdr":""}}}`, ErrUnknownMetric, `"latncy_ms"`},
		{"not base64", `{"histograms":{"latency_ms":{"hdr":"%%%"}}}`, ErrBadHistogram, "latency_ms"},
		{"truncated", `{"histograms":{"latency_ms":{"hdr":"SElTRg=="}}}`, ErrBadHistogram, "latency_ms"},
		{"out of range", `{"histograms":{"join_ms":{"hdr":"` + string(tooBig) + `"}}}`, ErrBadHistogram, "outside 0 to 600000 ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Aggregate
			err := json.Unmarshal([]byte(tt.json), &a)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.say) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want %v saying %q on one line", err, tt.want, tt.say)
			}
		})
	}
}

func FuzzUnmarshal(f *testing.F) {
	enc, _ := json.Marshal(sample())
	f.Add(enc)
	f.Add([]byte(`{"counters":{"tracks":1},"histograms":{"jitter_us":{"hdr":"HISTFAAAABx4nJNpmSzMwMDAwQABzFCaEUzOmQQRAQAqgAJb"}}}`))
	f.Add([]byte(`{"histograms":{"latency_ms":{"hdr":"SElTRg=="}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Aggregate
		if err := json.Unmarshal(b, &a); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error on several lines: %q", err)
			}
			return
		}
		again := mustJSON(t, &a)
		var back Aggregate
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("own encoding does not decode: %v", err)
		}
		for _, m := range Metrics() {
			if got, want := back.Percentiles(m), a.Percentiles(m); got != want {
				t.Errorf("%s: %+v after a round trip, %+v before", m.Name, got, want)
			}
		}
	})
}
