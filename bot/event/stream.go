package event

import (
	"sync"
	"time"
)

// Stream fans events out to subscribers. Publishing never blocks: a
// subscriber that falls behind loses events, and the next event it does get
// is preceded by a Dropped event that counts them.
type Stream struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool
	now    func() time.Time
}

// Subscription receives events on C until it is cancelled or the stream
// closes, when C is closed.
type Subscription struct {
	C       <-chan Envelope
	c       chan Envelope
	stream  *Stream
	dropped int
}

// NewStream returns an open stream.
func NewStream() *Stream {
	return &Stream{subs: make(map[*Subscription]struct{}), now: time.Now}
}

// Subscribe returns a subscription with room for buffer pending events.
func (s *Stream) Subscribe(buffer int) *Subscription {
	c := make(chan Envelope, buffer)
	sub := &Subscription{C: c, c: c, stream: s}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(c)
		return sub
	}
	s.subs[sub] = struct{}{}
	return sub
}

// Cancel stops the subscription and closes its channel.
func (sub *Subscription) Cancel() {
	s := sub.stream
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.subs[sub]; ok {
		delete(s.subs, sub)
		close(sub.c)
	}
}

// Publish sends ev, stamped with the current time, to every subscriber.
// Nil lists and maps in ev are sent as empty ones.
func (s *Stream) Publish(ev Event) {
	env := Envelope{Time: s.now(), Event: withEmptyCollections(ev)}
	s.mu.Lock()
	defer s.mu.Unlock()
	for sub := range s.subs {
		sub.offer(env)
	}
}

func (sub *Subscription) offer(env Envelope) {
	if sub.dropped > 0 {
		select {
		case sub.c <- Envelope{Time: env.Time, Event: Dropped{Count: sub.dropped}}:
			sub.dropped = 0
		default:
			sub.dropped++
			return
		}
	}
	select {
	case sub.c <- env:
	default:
		sub.dropped++
	}
}

// Close closes every subscription; later publishes are ignored.
func (s *Stream) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
}

// CloseWith publishes last and closes the stream in one step, so that no
// event published concurrently can follow last.
func (s *Stream) CloseWith(last Event) {
	env := Envelope{Time: s.now(), Event: withEmptyCollections(last)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	for sub := range s.subs {
		sub.offer(env)
	}
	s.closeLocked()
}

func (s *Stream) closeLocked() {
	if s.closed {
		return
	}
	s.closed = true
	for sub := range s.subs {
		close(sub.c)
		delete(s.subs, sub)
	}
}
