package impair

import (
	"io"
	"sync"
	"time"

	"github.com/pion/interceptor"
)

// dropReader drops incoming packets on the reader's goroutine.
type dropReader struct {
	next   interceptor.RTPReader
	shaper *shaper
	counts *counters
}

// Read returns the next packet that is not dropped.
func (r *dropReader) Read(b []byte, a interceptor.Attributes) (int, interceptor.Attributes, error) {
	for {
		n, attrs, err := r.next.Read(b, a)
		if err != nil {
			return n, attrs, err
		}
		drop, _ := r.shaper.decide(time.Now())
		r.counts.add(incoming, drop)
		if !drop {
			return n, attrs, nil
		}
	}
}

// receiveMTU is the largest packet a delayReader holds; pion reads RTP
// into buffers of 1460 bytes.
const receiveMTU = 1500

// delayReader reads the network on its own goroutine, stamping each
// packet's arrival, and hands packets to Read when they are due.
type delayReader struct {
	next   interceptor.RTPReader
	shaper *shaper
	counts *counters
	queue  chan heldBytes
	done   chan struct{} // stop was called
	ended  chan struct{} // run has returned; err says why
	err    error
	once   sync.Once
	readMu sync.Mutex  // one Read at a time, so that packets leave in order
	timer  *time.Timer // Read's
	bufs   sync.Pool   // of *[]byte, receiveMTU long, reused once Read has copied them
}

type heldBytes struct {
	leave time.Time
	buf   *[]byte
	n     int
	attrs interceptor.Attributes
}

func newDelayReader(next interceptor.RTPReader, s *shaper, c *counters) *delayReader {
	r := &delayReader{next: next, shaper: s, counts: c, queue: make(chan heldBytes, queueLen),
		done: make(chan struct{}), ended: make(chan struct{})}
	r.bufs.New = func() any { b := make([]byte, receiveMTU); return &b }
	r.timer = time.NewTimer(time.Hour)
	r.timer.Stop()
	return r
}

// run reads the network until it fails or stop is called.
func (r *delayReader) run() {
	defer close(r.ended)
	for {
		buf := r.bufs.Get().(*[]byte)
		n, attrs, err := r.next.Read(*buf, nil)
		if err != nil {
			r.err = err
			return
		}
		drop, leave := r.shaper.decide(time.Now())
		if !drop {
			select {
			case r.queue <- heldBytes{leave: leave, buf: buf, n: n, attrs: attrs}:
			default:
				drop = true // queue full
			}
		}
		if drop {
			r.bufs.Put(buf)
		}
		r.counts.add(incoming, drop)
		select {
		case <-r.done:
			r.err = io.EOF
			return
		default:
		}
	}
}

// Read returns the next packet when it is due. After the network reader
// fails, it returns what is still held, then that error.
func (r *delayReader) Read(b []byte, a interceptor.Attributes) (int, interceptor.Attributes, error) {
	r.readMu.Lock()
	defer r.readMu.Unlock()
	var p heldBytes
	select {
	case p = <-r.queue:
	case <-r.done:
		return 0, a, io.EOF
	case <-r.ended:
		select {
		case p = <-r.queue:
		default:
			return 0, a, r.err
		}
	}
	if !sleepUntil(r.timer, p.leave, r.done) {
		return 0, a, io.EOF
	}
	defer r.bufs.Put(p.buf)
	if len(b) < p.n {
		return 0, a, io.ErrShortBuffer
	}
	if p.attrs == nil {
		p.attrs = a
	}
	return copy(b, (*p.buf)[:p.n]), p.attrs, nil
}

func (r *delayReader) stop() { r.once.Do(func() { close(r.done) }) }
