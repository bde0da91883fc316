package impair

import (
	"io"
	"sync"
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"go.uber.org/goleak"
)

// network stands in for pion's SRTP streams: packets come in from feed
// (Read ends with io.EOF once it is closed), and go out to sent.
type network struct {
	feed chan []byte

	mu   sync.Mutex
	sent []uint16
}

func newNetwork() *network { return &network{feed: make(chan []byte, 1024)} }

func (n *network) Read(b []byte, a interceptor.Attributes) (int, interceptor.Attributes, error) {
	p, ok := <-n.feed
	if !ok {
		return 0, a, io.EOF
	}
	return copy(b, p), a, nil
}

func (n *network) Write(h *rtp.Header, _ []byte, _ interceptor.Attributes) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, h.SequenceNumber)
	return 0, nil
}

func (n *network) sentSeqs() []uint16 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]uint16(nil), n.sent...)
}

func packet(seq uint16) []byte {
	b, err := (&rtp.Packet{Header: rtp.Header{Version: 2, SSRC: 1, SequenceNumber: seq, Timestamp: uint32(seq) * 3000}, Payload: make([]byte, 100)}).Marshal()
	if err != nil {
		panic(err)
	}
	return b
}

func nackStream() *interceptor.StreamInfo {
	return &interceptor.StreamInfo{SSRC: 1, ClockRate: 90000, MimeType: "video/VP8",
		RTCPFeedback: []interceptor.RTCPFeedback{{Type: "nack"}}}
}

func build(t *testing.T, factories ...interceptor.Factory) interceptor.Interceptor {
	t.Helper()
	var reg interceptor.Registry
	for _, f := range factories {
		reg.Add(f)
	}
	chain, err := reg.Build("pc")
	if err != nil {
		t.Fatal(err)
	}
	return chain
}

// rtcpRecorder keeps the sequence numbers NACKed.
type rtcpRecorder struct {
	mu     sync.Mutex
	nacked map[uint16]bool
}

func (r *rtcpRecorder) Write(pkts []rtcp.Packet, _ interceptor.Attributes) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range pkts {
		if n, ok := p.(*rtcp.TransportLayerNack); ok {
			for _, pair := range n.Nacks {
				for _, seq := range pair.PacketList() {
					r.nacked[seq] = true
				}
			}
		}
	}
	return 0, nil
}

// TestIncomingLossIsSeenByNACKs: registered first, the impairment sits
// between the network and pion's NACK generator, which NACKs exactly the
// packets it dropped.
func TestIncomingLossIsSeenByNACKs(t *testing.T) {
	defer goleak.VerifyNone(t)
	gen, err := nack.NewGeneratorInterceptor(nack.GeneratorInterval(5 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	impair := NewFactory(Spec{In: Link{Loss: 0.1}, Seed: 3})
	chain := build(t, impair, gen)
	rec := &rtcpRecorder{nacked: map[uint16]bool{}}
	chain.BindRTCPWriter(rec)
	net := newNetwork()
	reader := chain.BindRemoteStream(nackStream(), net)

	const n = 400
	for seq := range uint16(n) {
		net.feed <- packet(seq)
	}
	got := map[uint16]bool{}
	buf := make([]byte, 1500)
	for len(got)+int(impair.Counts().In.Dropped) < n {
		k, _, err := reader.Read(buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		var p rtp.Packet
		if err := p.Unmarshal(buf[:k]); err != nil {
			t.Fatal(err)
		}
		got[p.SequenceNumber] = true
	}
	dropped := n - len(got)
	t.Logf("%d of %d packets dropped", dropped, n)
	if dropped < n*6/100 || dropped > n*14/100 {
		t.Errorf("%d of %d dropped, want 10%% ± 4", dropped, n)
	}
	// The last packet arrived; wait for the generator's next rounds.
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec.mu.Lock()
		missed, wrong := 0, 0
		for seq := range uint16(n - 1) {
			switch {
			case !got[seq] && !rec.nacked[seq]:
				missed++
			case got[seq] && rec.nacked[seq]:
				wrong++
			}
		}
		rec.mu.Unlock()
		if wrong > 0 {
			t.Fatalf("%d packets that arrived were NACKed", wrong)
		}
		if missed == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d dropped packets never NACKed", missed)
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(net.feed)
	chain.UnbindRemoteStream(nackStream())
	if err := chain.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRetransmissionsAreImpaired: the NACK responder, registered after the
// impairment, resends through it, so retransmissions meet the same loss.
func TestRetransmissionsAreImpaired(t *testing.T) {
	defer goleak.VerifyNone(t)
	resp, err := nack.NewResponderInterceptor()
	if err != nil {
		t.Fatal(err)
	}
	impair := NewFactory(Spec{Out: Link{Loss: 0.5}, Seed: 5})
	chain := build(t, impair, resp)
	rtcpIn := newNetwork()
	rtcpReader := chain.BindRTCPReader(rtcpIn)
	net := newNetwork()
	writer := chain.BindLocalStream(nackStream(), net)

	const n = 200
	for seq := range uint16(n) {
		h := rtp.Header{Version: 2, SSRC: 1, SequenceNumber: seq}
		if _, err := writer.Write(&h, make([]byte, 100), nil); err != nil {
			t.Fatal(err)
		}
	}
	arrived := map[uint16]bool{}
	for _, seq := range net.sentSeqs() {
		arrived[seq] = true
	}
	var missing []uint16
	for seq := range uint16(n) {
		if !arrived[seq] {
			missing = append(missing, seq)
		}
	}
	nackPkt, err := (&rtcp.TransportLayerNack{MediaSSRC: 1, Nacks: rtcp.NackPairsFromSequenceNumbers(missing)}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	rtcpIn.feed <- nackPkt
	if _, _, err := rtcpReader.Read(make([]byte, 1500), nil); err != nil {
		t.Fatal(err)
	}
	// The responder resends on a goroutine of its own; wait until every
	// resend has crossed the impairment, or the deadline says they do not.
	deadline := time.Now().Add(5 * time.Second)
	for impair.Counts().Out.Packets < uint64(n+len(missing)) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	resent := len(net.sentSeqs()) - len(arrived)
	counts := impair.Counts()
	t.Logf("%d of %d lost; %d of their retransmissions arrived; counts %+v", len(missing), n, resent, counts.Out)
	if counts.Out.Packets != uint64(n+len(missing)) {
		t.Errorf("the impairment saw %d packets, want %d sent and %d resent", counts.Out.Packets, n, len(missing))
	}
	if resent == 0 || resent == len(missing) {
		t.Errorf("%d of %d retransmissions arrived, want about half", resent, len(missing))
	}
	close(rtcpIn.feed)
	chain.UnbindLocalStream(nackStream())
	if err := chain.Close(); err != nil {
		t.Fatal(err)
	}
}
