package report

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestSampleRunMerges reads the committed reports of a real run split in
// two shards (2 rooms of a publisher and 3 subscribers; --impair
// in:loss=5% on 2 bots of 8, both in shard 1, which broke --max-loss 2%
// alone at 2.9%), so that reports written by this schema keep decoding.
// Merged, the whole run holds the limit: 1.45% of all its packets were
// lost. scripts/report-screenshot.sh renders the same merge.
func TestSampleRunMerges(t *testing.T) {
	var shards []*Report
	for _, name := range []string{"shard-0.json", "shard-1.json"} {
		r, err := ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, r)
	}
	if shards[1].Thresholds[1].Name != "max_loss" || shards[1].Thresholds[1].OK {
		t.Fatalf("shard 1's own thresholds %+v: want max_loss broken", shards[1].Thresholds)
	}
	m, err := Merge(shards...)
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Totals.Bots; b.Planned != 8 || b.Joined != 8 || len(m.Rooms) != 2 || m.Totals.Quality.Counters().Tracks != 12 || len(m.Impaired) != 2 {
		t.Fatalf("bots %+v, %d rooms, %d tracks, impaired %v", b, len(m.Rooms), m.Totals.Quality.Counters().Tracks, m.Impaired)
	}
	for _, th := range m.Thresholds {
		if !th.OK {
			t.Errorf("merged: %+v broken", th)
		}
		if th.Name == "max_loss" && (th.Measured < 0.014 || th.Measured > 0.015) {
			t.Errorf("merged loss %g, want 1.45%%", th.Measured)
		}
	}
	var page bytes.Buffer
	if err := RenderHTML(&page, m); err != nil {
		t.Fatal(err)
	}
	if c := checkPage(t, page.Bytes()); c.svgs != 8 || len(c.remote) != 0 {
		t.Fatalf("%d plots, references %v", c.svgs, c.remote)
	}
}
