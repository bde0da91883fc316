package encode

import (
	"context"
	"image"
	"sync"
	"time"
)

// frame is a raw picture with its number and capture time.
type frame struct {
	img     *image.YCbCr
	number  uint32
	capture time.Time
	// prime marks the one frame a muted track sends when first bound.
	prime bool
}

// mailbox hands frames from the capture loop to one layer's encoder. It holds
// at most one pending frame: a newer frame replaces it, so a slow encoder
// drops frames instead of queueing them. Three buffers are enough: one being
// encoded, one pending, one being filled.
type mailbox struct {
	mu      sync.Mutex
	free    []*frame
	pending *frame
	ready   chan struct{}
	dropped uint64
}

func newMailbox(w, h int, newFrame func(w, h int) *image.YCbCr) *mailbox {
	m := &mailbox{ready: make(chan struct{}, 1)}
	for range 3 {
		m.free = append(m.free, &frame{img: newFrame(w, h)})
	}
	return m
}

// acquire returns a buffer to fill.
func (m *mailbox) acquire() *frame {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.free); n > 0 {
		f := m.free[n-1]
		m.free = m.free[:n-1]
		return f
	}
	// Unreachable with three buffers; reuse the pending frame rather than block.
	f := m.pending
	m.pending = nil
	m.dropped++
	return f
}

// post makes f the pending frame, dropping an older one.
func (m *mailbox) post(f *frame) {
	m.mu.Lock()
	if m.pending != nil {
		m.free = append(m.free, m.pending)
		m.dropped++
	}
	m.pending = f
	m.mu.Unlock()
	select {
	case m.ready <- struct{}{}:
	default:
	}
}

// take waits for the pending frame.
func (m *mailbox) take(ctx context.Context) (*frame, bool) {
	for {
		m.mu.Lock()
		f := m.pending
		m.pending = nil
		m.mu.Unlock()
		if f != nil {
			return f, true
		}
		select {
		case <-m.ready:
		case <-ctx.Done():
			return nil, false
		}
	}
}

// discard drops the pending frame, if any.
func (m *mailbox) discard() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending != nil && !m.pending.prime {
		m.free = append(m.free, m.pending)
		m.pending = nil
	}
}

// release returns a buffer after encoding.
func (m *mailbox) release(f *frame) {
	m.mu.Lock()
	m.free = append(m.free, f)
	m.mu.Unlock()
}

func (m *mailbox) droppedFrames() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dropped
}
