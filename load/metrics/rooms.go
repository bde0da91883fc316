package metrics

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultMaxRooms is how many rooms get series of their own unless
// WithMaxRooms says otherwise.
const DefaultMaxRooms = 100

// OtherRooms is the room label of the rooms beyond the cap, added together.
const OtherRooms = "_other"

// roomLabels gives each room its label: its own name for the first max
// rooms, OtherRooms for the rest. A room keeps its label for the whole
// run. It is safe for concurrent use; the bots' receiving goroutines
// read it for every latency, so a room seen before costs a read lock.
type roomLabels struct {
	max     int
	latency *prometheus.HistogramVec

	mu    sync.RWMutex
	rooms map[string]roomSeries
	own   int
}

// roomSeries is what a room's figures are recorded under.
type roomSeries struct {
	label   string
	latency prometheus.Observer
}

func newRoomLabels(max int, latency *prometheus.HistogramVec) *roomLabels {
	return &roomLabels{max: max, latency: latency, rooms: map[string]roomSeries{}}
}

// of returns room's series, giving it a label when it is new.
func (r *roomLabels) of(room string) roomSeries {
	r.mu.RLock()
	s, ok := r.rooms[room]
	r.mu.RUnlock()
	if ok {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.assign(room)
}

// assignAll gives every new room in names a label, in name order, so
// that which rooms get their own series does not hang on a map's order.
func (r *roomLabels) assignAll(names []string) {
	sort.Strings(names)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, room := range names {
		r.assign(room)
	}
}

// assign labels room unless it has a label already; r.mu is held.
func (r *roomLabels) assign(room string) roomSeries {
	if s, ok := r.rooms[room]; ok {
		return s
	}
	label := OtherRooms
	if r.own < r.max {
		label = labelValue(room)
		r.own++
	}
	s := roomSeries{label: label, latency: r.latency.WithLabelValues(label)}
	r.rooms[room] = s
	return s
}

// labelValue makes room a valid label value: Prometheus panics on
// invalid UTF-8, and a room's name comes from the user.
func labelValue(room string) string {
	if utf8.ValidString(room) {
		return room
	}
	return strings.ToValidUTF8(room, "\uFFFD")
}
