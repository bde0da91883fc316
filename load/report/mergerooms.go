package report

import (
	"maps"
	"slices"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// mergeRooms merges each room's share of every shard, rooms in natural
// order of their names (load-2 before load-10).
func mergeRooms(shards []*Report) []Room {
	byName := map[string]*Room{}
	for _, r := range shards {
		for _, room := range r.Rooms {
			m := byName[room.Name]
			if m == nil {
				m = &Room{Name: room.Name, Roles: map[load.Role]int{}, Quality: quality.New()}
				byName[room.Name] = m
			}
			for role, n := range room.Roles {
				m.Roles[role] += n
			}
			m.Bots.add(room.Bots)
			if room.Quality != nil {
				m.Quality.Merge(room.Quality)
			}
		}
	}
	out := make([]Room, 0, len(byName))
	for _, name := range slices.SortedFunc(maps.Keys(byName), naturalCompare) {
		room := byName[name]
		room.JoinSeconds = joinSecondsOf(room.Quality)
		out = append(out, *room)
	}
	return out
}

// joinSecondsOf reads the join times from an aggregate's join_ms
// histogram: within 0.1%, at millisecond resolution, rejoins (--churn)
// included. A shard's own report has the exact times of first joins,
// which a merge does not.
func joinSecondsOf(q *quality.Aggregate) Distribution {
	p := q.Percentiles(quality.JoinMs)
	ms := func(v int64) float64 { return float64(v) / 1000 }
	return Distribution{Count: int(p.Count), P50: ms(p.P50), P95: ms(p.P95), P99: ms(p.P99), Max: ms(p.Max)}
}
