package stats

import (
	"math/bits"
	"sync"

	"github.com/pion/interceptor"
	"github.com/pion/rtcp"
)

// Feedback counts the loss and keyframe requests a receiver sent for one
// media SSRC.
type Feedback struct {
	// NACKed counts the sequence numbers asked for again, each time asked.
	NACKed uint64 `json:"nacked"`
	// NACKs counts the NACK packets carrying them.
	NACKs uint64 `json:"nacks"`
	// PLIs and FIRs count keyframe requests.
	PLIs uint64 `json:"plis"`
	FIRs uint64 `json:"firs"`
}

// FeedbackCounter is a pion interceptor factory that counts the NACKs,
// PLIs and FIRs a peer connection sends, per media SSRC. Register it
// before the interceptors that send them (lksdk.WithInterceptors with
// WithIncludeDefaultInterceptors(true) puts custom interceptors first):
// pion's chain wraps the network's writer with the first interceptor
// first, so it then sees what the NACK generator and the application
// write. It changes nothing it sees. Its zero value is ready to use.
type FeedbackCounter struct {
	mu     sync.Mutex
	bySSRC map[uint32]*Feedback
}

var _ interceptor.Factory = (*FeedbackCounter)(nil)

// NewInterceptor returns an interceptor that counts into c; one per peer
// connection.
func (c *FeedbackCounter) NewInterceptor(string) (interceptor.Interceptor, error) {
	return &feedbackInterceptor{counter: c}, nil
}

// Counts returns what was sent for media SSRC ssrc.
func (c *FeedbackCounter) Counts(ssrc uint32) Feedback {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.bySSRC[ssrc]; f != nil {
		return *f
	}
	return Feedback{}
}

// count records one batch of outgoing RTCP.
func (c *FeedbackCounter) count(pkts []rtcp.Packet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.countLocked(pkts)
}

func (c *FeedbackCounter) countLocked(pkts []rtcp.Packet) {
	for _, p := range pkts {
		switch p := p.(type) {
		case *rtcp.TransportLayerNack:
			f := c.forSSRC(p.MediaSSRC)
			f.NACKs++
			for _, pair := range p.Nacks {
				f.NACKed += uint64(1 + bits.OnesCount16(uint16(pair.LostPackets)))
			}
		case *rtcp.PictureLossIndication:
			c.forSSRC(p.MediaSSRC).PLIs++
		case *rtcp.FullIntraRequest:
			for _, e := range p.FIR {
				c.forSSRC(e.SSRC).FIRs++
			}
		case *rtcp.CompoundPacket:
			c.countLocked(*p)
		}
	}
}

func (c *FeedbackCounter) forSSRC(ssrc uint32) *Feedback {
	if c.bySSRC == nil {
		c.bySSRC = make(map[uint32]*Feedback)
	}
	f := c.bySSRC[ssrc]
	if f == nil {
		f = &Feedback{}
		c.bySSRC[ssrc] = f
	}
	return f
}

// feedbackInterceptor watches one peer connection's outgoing RTCP.
type feedbackInterceptor struct {
	interceptor.NoOp
	counter *FeedbackCounter
}

// BindRTCPWriter counts each batch, then writes it on unchanged.
func (i *feedbackInterceptor) BindRTCPWriter(next interceptor.RTCPWriter) interceptor.RTCPWriter {
	return interceptor.RTCPWriterFunc(func(pkts []rtcp.Packet, a interceptor.Attributes) (int, error) {
		i.counter.count(pkts)
		return next.Write(pkts, a)
	})
}
