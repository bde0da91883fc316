package stats

import (
	"testing"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
)

// TestSentCounter counts each stream's packets and bytes by SSRC, and
// forgets a stream once its last binding is unbound.
func TestSentCounter(t *testing.T) {
	var c SentCounter
	ic, err := c.NewInterceptor("")
	if err != nil {
		t.Fatal(err)
	}
	sink := interceptor.RTPWriterFunc(func(h *rtp.Header, p []byte, _ interceptor.Attributes) (int, error) { return len(p), nil })
	a := &interceptor.StreamInfo{SSRC: 1}
	b := &interceptor.StreamInfo{SSRC: 2}
	wa, wb := ic.BindLocalStream(a, sink), ic.BindLocalStream(b, sink)
	for range 3 {
		if _, err := wa.Write(&rtp.Header{Version: 2, SSRC: 1}, make([]byte, 100), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := wb.Write(&rtp.Header{Version: 2, SSRC: 2}, make([]byte, 10), nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Counts(1); got.Packets != 3 || got.Bytes != 3*(12+100) {
		t.Errorf("stream 1: %+v, want 3 packets of 112 bytes", got)
	}
	if got := c.Counts(2); got.Packets != 1 || got.Bytes != 22 {
		t.Errorf("stream 2: %+v, want 1 packet of 22 bytes", got)
	}
	// Bound again before the first binding goes: one count, kept until
	// both bindings are gone.
	again := ic.BindLocalStream(a, sink)
	if _, err := again.Write(&rtp.Header{Version: 2, SSRC: 1}, make([]byte, 100), nil); err != nil {
		t.Fatal(err)
	}
	ic.UnbindLocalStream(a)
	if got := c.Counts(1); got.Packets != 4 {
		t.Errorf("stream 1 rebound, one binding gone: %+v, want its 4 packets", got)
	}
	ic.UnbindLocalStream(a)
	if got := c.Counts(1); got != (SentCount{}) {
		t.Errorf("stream 1 after its last unbind: %+v, want nothing", got)
	}
}
