package quality

import (
	"encoding/json"
	"testing"
	"time"
)

// TestAddSentAndData: the publisher's side and chat counts add up, land in
// their histograms, survive the JSON report and merge across shards.
func TestAddSentAndData(t *testing.T) {
	a, b := New(), New()
	a.AddSent(SentStream{Layer: SentHighKbps, Bytes: 125_000, Duration: time.Second, Keyframes: 2, PLIs: 1, NACKs: 3, NackedPackets: 5, RTT: 20 * time.Millisecond, RemoteLoss: 0.25})
	a.AddSent(SentStream{Layer: SentAudioKbps, Bytes: 4_000, Duration: time.Second})
	b.AddSent(SentStream{Layer: SentLowKbps, Bytes: 12_500, Duration: time.Second, Keyframes: 1})
	b.CountData(4, 7)
	b.RecordDuration(DataDeliveryMs, 3*time.Millisecond)
	a.Merge(b)
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Aggregate
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	c := back.Counters()
	if c.SentStreams != 3 || c.SentBytes != 141_500 || c.KeyframesSent != 3 || c.PLIsReceived != 1 || c.NACKsReceived != 3 || c.NackedPackets != 5 || c.DataSent != 4 || c.DataReceived != 7 {
		t.Fatalf("counters %+v", c)
	}
	for m, want := range map[Metric]int64{SentHighKbps: 1000, SentAudioKbps: 32, SentLowKbps: 100, RTTMs: 20, DataDeliveryMs: 3} {
		if p := back.Percentiles(m); p.Count != 1 || p.P50 != want {
			t.Errorf("%s: %+v, want one value of %d", m.Name, p, want)
		}
	}
	if p := back.Percentiles(RemoteLossPPM); p.Count != 3 || p.Max < 249_000 || p.Max > 251_000 {
		t.Errorf("remote loss %+v, want 3 values up to 25%%", p)
	}
}
