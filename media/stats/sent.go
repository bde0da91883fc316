package stats

import (
	"sync"
	"sync/atomic"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
)

// SentCounter is an interceptor factory that counts the RTP packets each
// local stream of a peer connection sends, retransmissions included, by
// SSRC. A stream's count is dropped when its last binding is unbound, so
// that a long-running bot that republishes keeps no dead entries.
type SentCounter struct {
	mu     sync.Mutex
	bySSRC map[uint32]*sentCount
}

// SentCount is what one stream sent.
type SentCount struct {
	// Packets counts RTP packets; Bytes their header and payload bytes.
	Packets, Bytes uint64
}

// sentCount is one SSRC's count, shared by every binding of the SSRC:
// pion may bind a stream again before it unbinds the earlier one.
type sentCount struct {
	packets, bytes atomic.Uint64
	bindings       int // under SentCounter.mu
}

var _ interceptor.Factory = (*SentCounter)(nil)

// NewInterceptor returns an interceptor that counts into c; one per peer
// connection.
func (c *SentCounter) NewInterceptor(string) (interceptor.Interceptor, error) {
	return &sentInterceptor{counter: c}, nil
}

// Counts returns what the stream of SSRC ssrc sent so far.
func (c *SentCounter) Counts(ssrc uint32) SentCount {
	c.mu.Lock()
	e := c.bySSRC[ssrc]
	c.mu.Unlock()
	if e == nil {
		return SentCount{}
	}
	return SentCount{Packets: e.packets.Load(), Bytes: e.bytes.Load()}
}

func (c *SentCounter) bind(ssrc uint32) *sentCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bySSRC == nil {
		c.bySSRC = make(map[uint32]*sentCount)
	}
	e := c.bySSRC[ssrc]
	if e == nil {
		e = &sentCount{}
		c.bySSRC[ssrc] = e
	}
	e.bindings++
	return e
}

// unbind forgets ssrc once its last binding is gone.
func (c *SentCounter) unbind(ssrc uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.bySSRC[ssrc]; e != nil {
		if e.bindings--; e.bindings <= 0 {
			delete(c.bySSRC, ssrc)
		}
	}
}

// sentInterceptor counts one peer connection's outgoing RTP.
type sentInterceptor struct {
	interceptor.NoOp
	counter *SentCounter
}

// BindLocalStream counts each packet the stream writes.
func (i *sentInterceptor) BindLocalStream(info *interceptor.StreamInfo, next interceptor.RTPWriter) interceptor.RTPWriter {
	e := i.counter.bind(info.SSRC)
	return interceptor.RTPWriterFunc(func(h *rtp.Header, payload []byte, a interceptor.Attributes) (int, error) {
		n, err := next.Write(h, payload, a)
		if err == nil {
			e.packets.Add(1)
			e.bytes.Add(uint64(h.MarshalSize() + len(payload)))
		}
		return n, err
	})
}

// UnbindLocalStream forgets the stream.
func (i *sentInterceptor) UnbindLocalStream(info *interceptor.StreamInfo) {
	i.counter.unbind(info.SSRC)
}
