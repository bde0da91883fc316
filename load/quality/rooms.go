package quality

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// Rooms keeps an Aggregate per room. A room's bots may be spread over
// several shards, so merging Rooms merges each room's aggregates, and the
// total is the merge of every room, computed when asked. It is safe for
// concurrent use, and its zero value is empty and ready.
type Rooms struct {
	mu    sync.Mutex
	rooms map[string]*Aggregate
}

// Room returns room's Aggregate, made on first use.
func (r *Rooms) Room(name string) *Aggregate {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rooms == nil {
		r.rooms = make(map[string]*Aggregate)
	}
	a := r.rooms[name]
	if a == nil {
		a = New()
		r.rooms[name] = a
	}
	return a
}

// Names returns the rooms' names, sorted.
func (r *Rooms) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.rooms))
	for n := range r.rooms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Total returns a new Aggregate of every room merged.
func (r *Rooms) Total() *Aggregate {
	total := New()
	for _, n := range r.Names() {
		total.Merge(r.Room(n))
	}
	return total
}

// Merge adds every room of o into r, room by room.
func (r *Rooms) Merge(o *Rooms) {
	for _, n := range o.Names() {
		r.Room(n).Merge(o.Room(n))
	}
}

// MarshalJSON writes an object keyed by room name.
func (r *Rooms) MarshalJSON() ([]byte, error) {
	r.mu.Lock()
	rooms := make(map[string]*Aggregate, len(r.rooms))
	for n, a := range r.rooms {
		rooms[n] = a
	}
	r.mu.Unlock()
	return json.Marshal(rooms)
}

// UnmarshalJSON reads what MarshalJSON wrote; an error names the room.
func (r *Rooms) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	rooms := make(map[string]*Aggregate, len(raw))
	for n, m := range raw {
		a := New()
		if err := json.Unmarshal(m, a); err != nil {
			return fmt.Errorf("room %q: %w", n, err)
		}
		rooms[n] = a
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rooms = rooms
	return nil
}
