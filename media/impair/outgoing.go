package impair

import (
	"sync"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
)

// dropWriter drops outgoing packets on the writer's goroutine.
type dropWriter struct {
	next   interceptor.RTPWriter
	shaper *shaper
	counts *counters
}

// Write drops the packet, or passes it on. A dropped packet reports
// success, as a packet lost on the wire does.
func (w *dropWriter) Write(h *rtp.Header, payload []byte, a interceptor.Attributes) (int, error) {
	drop, _ := w.shaper.decide(time.Now())
	defer w.counts.add(outgoing, drop) // after the write, so that a count means done
	if drop {
		return h.MarshalSize() + len(payload), nil
	}
	return w.next.Write(h, payload, a)
}

// delayWriter holds outgoing packets back, copied, and writes them on its
// own goroutine when they are due.
type delayWriter struct {
	next   interceptor.RTPWriter
	shaper *shaper
	counts *counters
	queue  chan heldPacket
	done   chan struct{}
	once   sync.Once
}

type heldPacket struct {
	leave   time.Time
	header  rtp.Header
	payload []byte
	attrs   interceptor.Attributes
}

func newDelayWriter(next interceptor.RTPWriter, s *shaper, c *counters) *delayWriter {
	return &delayWriter{next: next, shaper: s, counts: c, queue: make(chan heldPacket, queueLen), done: make(chan struct{})}
}

// Write queues a copy of the packet, since the caller reuses its buffers.
func (w *delayWriter) Write(h *rtp.Header, payload []byte, a interceptor.Attributes) (int, error) {
	n := h.MarshalSize() + len(payload)
	drop, leave := w.shaper.decide(time.Now())
	if !drop {
		select {
		case w.queue <- heldPacket{leave: leave, header: h.Clone(), payload: append([]byte(nil), payload...), attrs: a}:
		default:
			drop = true // queue full
		}
	}
	w.counts.add(outgoing, drop)
	return n, nil
}

// run writes queued packets when they are due, until stop.
func (w *delayWriter) run() {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		var p heldPacket
		select {
		case <-w.done:
			return
		case p = <-w.queue:
		}
		if !sleepUntil(timer, p.leave, w.done) {
			return
		}
		// A write error means the transport is closing; the packet is
		// lost, as it would be on the wire.
		_, _ = w.next.Write(&p.header, p.payload, p.attrs)
	}
}

func (w *delayWriter) stop() { w.once.Do(func() { close(w.done) }) }

// sleepUntil waits for t, and reports false if done closes first.
func sleepUntil(timer *time.Timer, t time.Time, done <-chan struct{}) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	timer.Reset(d)
	select {
	case <-timer.C:
		return true
	case <-done:
		return false
	}
}
