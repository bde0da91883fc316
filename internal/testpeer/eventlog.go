package testpeer

import (
	"context"
	"fmt"
	"sync"
)

// eventLog keeps every event in arrival order and wakes waiters on each one.
type eventLog struct {
	mu      sync.Mutex
	events  []Event
	changed chan struct{} // closed and replaced on every add and on close
	closed  bool          // no more events will come
}

func newEventLog() *eventLog { return &eventLog{changed: make(chan struct{})} }

func (l *eventLog) add(ev Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, ev)
	close(l.changed)
	l.changed = make(chan struct{})
}

func (l *eventLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	close(l.changed)
	l.changed = make(chan struct{})
}

// Events returns a copy of the events so far.
func (p *NodePeer) Events() []Event {
	p.events.mu.Lock()
	defer p.events.mu.Unlock()
	return append([]Event(nil), p.events.events...)
}

// WaitFor returns the first event, past or future, for which match is true.
// It fails when ctx ends or the peer exits first.
func (p *NodePeer) WaitFor(ctx context.Context, match func(Event) bool) (Event, error) {
	l := p.events
	next := 0
	for {
		l.mu.Lock()
		for ; next < len(l.events); next++ {
			if match(l.events[next]) {
				ev := l.events[next]
				l.mu.Unlock()
				return ev, nil
			}
		}
		changed, closed := l.changed, l.closed
		l.mu.Unlock()
		if closed {
			return Event{}, fmt.Errorf("wait for peer event: none matched in %d events: %w%s", next, ErrExited, p.lastError())
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return Event{}, fmt.Errorf("wait for peer event: none matched in %d events: %w", next, ctx.Err())
		}
	}
}

// lastError is ` (last error: ...)` for the peer's last error event, if any.
func (p *NodePeer) lastError() string {
	events := p.Events()
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Type == "error" {
			return " (last error: " + events[i].Message + ")"
		}
	}
	return ""
}

// OfType matches events of type t.
func OfType(t string) func(Event) bool {
	return func(e Event) bool { return e.Type == t }
}
