package load

import (
	"fmt"
	"testing"
)

func planConfig(rooms, pubs, audio, subs int) *Config {
	c := DefaultConfig()
	c.Rooms, c.Publishers, c.AudioPublishers, c.Subscribers = rooms, pubs, audio, subs
	return &c
}

// TestPlanNamesAndOrder: rooms are PREFIX-n, identities say room, role and
// number, and arrivals interleave rooms with publishers first.
func TestPlanNamesAndOrder(t *testing.T) {
	c := planConfig(2, 1, 1, 2)
	var got []string
	for _, m := range Plan(c, Whole) {
		got = append(got, fmt.Sprintf("%d %s %s %s", m.Arrival, m.Room, m.Identity, m.Role))
	}
	want := []string{
		"0 load-1 load-1-pub-1 publisher",
		"1 load-2 load-2-pub-1 publisher",
		"2 load-1 load-1-audio-1 audio_publisher",
		"3 load-2 load-2-audio-1 audio_publisher",
		"4 load-1 load-1-sub-1 subscriber",
		"5 load-2 load-2-sub-1 subscriber",
		"6 load-1 load-1-sub-2 subscriber",
		"7 load-2 load-2-sub-2 subscriber",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("plan:\n%q\nwant\n%q", got, want)
	}
}

// TestShardsPartitionThePlan: for every N, including N above the number
// of bots, the N shards together make each bot of the unsharded plan
// exactly once, with the same room, role and arrival, and each shard's
// bots come in arrival order.
func TestShardsPartitionThePlan(t *testing.T) {
	for _, c := range []*Config{planConfig(1, 1, 0, 0), planConfig(3, 2, 1, 4), planConfig(7, 0, 3, 5), planConfig(10, 1, 0, 0)} {
		whole := Plan(c, Whole)
		if len(whole) != c.TotalBots() {
			t.Fatalf("unsharded plan has %d bots, want %d", len(whole), c.TotalBots())
		}
		for n := 1; n <= len(whole)+3; n++ {
			seen := map[string]int{}
			for i := range n {
				part := Plan(c, Shard{Index: i, Count: n})
				for j, m := range part {
					if j > 0 && m.Arrival <= part[j-1].Arrival {
						t.Fatalf("%d/%d: arrivals out of order", i, n)
					}
					if whole[m.Arrival] != m {
						t.Fatalf("%d/%d: %+v differs from the unsharded %+v", i, n, m, whole[m.Arrival])
					}
					seen[m.Identity]++
				}
			}
			if len(seen) != len(whole) {
				t.Fatalf("%d shards make %d distinct bots, want %d", n, len(seen), len(whole))
			}
			for id, k := range seen {
				if k != 1 {
					t.Fatalf("%d shards make %s %d times", n, id, k)
				}
			}
		}
	}
}

// TestShardsShareTheSchedule: arrival n joins at n/ramp seconds whichever
// shard makes it.
func TestShardsShareTheSchedule(t *testing.T) {
	c := planConfig(2, 1, 0, 2)
	c.Ramp = 4
	m := Plan(c, Shard{Index: 1, Count: 3})[1] // arrival 4
	if m.Arrival != 4 || m.Offset(c.Ramp).Seconds() != 1 {
		t.Fatalf("arrival %d at %s, want 4 at 1s", m.Arrival, m.Offset(c.Ramp))
	}
}
