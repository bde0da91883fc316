package retransmit

import (
	"sync"
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
)

// TestResponderResendsOnPrimarySSRC: in a chain with OnPrimarySSRC
// before pion's NACK responder, a NACKed packet goes out again on the
// stream's own SSRC and payload type, not on the RTX stream.
func TestResponderResendsOnPrimarySSRC(t *testing.T) {
	responder, err := nack.NewResponderInterceptor()
	if err != nil {
		t.Fatal(err)
	}
	reg := &interceptor.Registry{}
	reg.Add(OnPrimarySSRC{})
	reg.Add(responder)
	chain, err := reg.Build("")
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Close()
	info := &interceptor.StreamInfo{SSRC: 1000, PayloadType: 96, SSRCRetransmission: 2000, PayloadTypeRetransmission: 97,
		RTCPFeedback: []interceptor.RTCPFeedback{{Type: "nack"}}}
	var mu sync.Mutex
	var sent []rtp.Header
	written := func() []rtp.Header {
		mu.Lock()
		defer mu.Unlock()
		return append([]rtp.Header(nil), sent...)
	}
	w := chain.BindLocalStream(info, interceptor.RTPWriterFunc(func(h *rtp.Header, p []byte, _ interceptor.Attributes) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, *h)
		return len(p), nil
	}))
	for seq := uint16(1); seq <= 3; seq++ {
		if _, err := w.Write(&rtp.Header{Version: 2, SSRC: 1000, PayloadType: 96, SequenceNumber: seq}, []byte{1, 2, 3}, nil); err != nil {
			t.Fatal(err)
		}
	}
	nackPkt := &rtcp.TransportLayerNack{MediaSSRC: 1000, Nacks: []rtcp.NackPair{{PacketID: 2}}}
	buf, err := rtcp.Marshal([]rtcp.Packet{nackPkt})
	if err != nil {
		t.Fatal(err)
	}
	r := chain.BindRTCPReader(interceptor.RTCPReaderFunc(func(b []byte, a interceptor.Attributes) (int, interceptor.Attributes, error) {
		return copy(b, buf), a, nil
	}))
	if _, _, err := r.Read(make([]byte, 1500), nil); err != nil {
		t.Fatal(err)
	}
	// The responder resends on its own goroutine.
	for i := 0; i < 200 && len(written()) < 4; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	got := written()
	if len(got) != 4 {
		t.Fatalf("%d packets written, want the 3 and one resent", len(got))
	}
	if re := got[3]; re.SSRC != 1000 || re.PayloadType != 96 || re.SequenceNumber != 2 {
		t.Errorf("resent SSRC %d, payload type %d, sequence %d: want 1000, 96, 2", re.SSRC, re.PayloadType, re.SequenceNumber)
	}
}
