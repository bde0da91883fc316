package impair

import (
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
)

// BenchmarkIncomingLoss is what loss costs per packet received: one draw
// on the reader's goroutine, no copy, no allocation.
func BenchmarkIncomingLoss(b *testing.B) {
	pkt := packet(1)
	src := interceptor.RTPReaderFunc(func(buf []byte, a interceptor.Attributes) (int, interceptor.Attributes, error) {
		return copy(buf, pkt), a, nil
	})
	r := &dropReader{next: src, shaper: newShaper(Link{Loss: 0.05}, 1, 1), counts: &counters{}}
	buf := make([]byte, 1500)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.Read(buf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOutgoingDelay is what delay costs per packet sent, on the
// sender's side: a decision, a copy of the packet and a queue slot; the
// stream's goroutine writes it out later.
func BenchmarkOutgoingDelay(b *testing.B) {
	w := newDelayWriter(interceptor.RTPWriterFunc(func(*rtp.Header, []byte, interceptor.Attributes) (int, error) { return 0, nil }),
		newShaper(Link{Delay: time.Millisecond}, 1, 1), &counters{})
	done := make(chan struct{})
	go func() { defer close(done); w.run() }()
	h := rtp.Header{Version: 2, SSRC: 1}
	payload := make([]byte, 1200)
	b.ReportAllocs()
	for b.Loop() {
		h.SequenceNumber++
		if _, err := w.Write(&h, payload, nil); err != nil {
			b.Fatal(err)
		}
		for len(w.queue) > queueLen/2 { // stay below the bound, or packets are dropped
			time.Sleep(time.Millisecond)
		}
	}
	w.stop()
	<-done
}
