package quality

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestRoomsAcrossShards: room "a" has bots in both shards. After a JSON
// round trip and a merge, each room and the total hold exactly what one
// process would.
func TestRoomsAcrossShards(t *testing.T) {
	var one, shard1, shard2 Rooms
	for i := range 300 {
		room, v := "a", int64(40+i%20)
		if i%3 == 0 {
			room, v = "b", 900
		}
		one.Room(room).Record(LatencyMs, v)
		shard := &shard1
		if i%2 == 0 {
			shard = &shard2
		}
		shard.Room(room).Record(LatencyMs, v)
	}
	var merged Rooms
	for _, s := range []*Rooms{&shard1, &shard2} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Rooms
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		merged.Merge(&back)
	}
	if got := merged.Names(); strings.Join(got, ",") != "a,b" {
		t.Fatalf("rooms %v, want a and b", got)
	}
	for _, n := range []string{"a", "b"} {
		if got, want := merged.Room(n).Percentiles(LatencyMs), one.Room(n).Percentiles(LatencyMs); got != want {
			t.Errorf("room %s: %+v, want %+v", n, got, want)
		}
	}
	total := merged.Total().Percentiles(LatencyMs)
	if want := one.Total().Percentiles(LatencyMs); total != want || total.Count != 300 {
		t.Errorf("total %+v, want %+v of 300 values", total, want)
	}
}

func TestRoomsUnmarshalNamesTheRoom(t *testing.T) {
	var r Rooms
	err := json.Unmarshal([]byte(`{"load-7":{"histograms":{"latency_ms":{"hdr":"%%"}}}}`), &r)
	if !errors.Is(err, ErrBadHistogram) || !strings.Contains(err.Error(), `room "load-7"`) {
		t.Errorf("error %v, want a bad histogram in room load-7", err)
	}
}
