package impair

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"go.uber.org/goleak"
)

// TestIncomingDelay: held packets come out in order, none before the delay
// has passed since it was offered, and the reader's end comes after them.
func TestIncomingDelay(t *testing.T) {
	defer goleak.VerifyNone(t)
	const delay = 40 * time.Millisecond
	chain := build(t, NewFactory(Spec{In: Link{Delay: delay, Jitter: 5 * time.Millisecond}}))
	net := newNetwork()
	reader := chain.BindRemoteStream(nackStream(), net)
	const n = 50
	offered := time.Now()
	for seq := range uint16(n) {
		net.feed <- packet(seq)
	}
	close(net.feed)
	buf := make([]byte, 1500)
	for want := range uint16(n) {
		k, _, err := reader.Read(buf, nil)
		if err != nil {
			t.Fatalf("packet %d: %v", want, err)
		}
		if waited := time.Since(offered); want == 0 && waited < delay-5*time.Millisecond {
			t.Errorf("the first packet came out after %s, before its delay of %s ± 5ms", waited, delay)
		}
		var p rtp.Packet
		if err := p.Unmarshal(buf[:k]); err != nil || p.SequenceNumber != want {
			t.Fatalf("got packet %d (%v), want %d: packets must keep their order", p.SequenceNumber, err, want)
		}
	}
	if _, _, err := reader.Read(buf, nil); !errors.Is(err, io.EOF) {
		t.Errorf("after the last packet: %v, want the network's io.EOF", err)
	}
	chain.UnbindRemoteStream(nackStream())
	if err := chain.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOutgoingDelay: a held packet reaches the network no sooner than the
// delay after it was written, as a copy of what was written.
func TestOutgoingDelay(t *testing.T) {
	defer goleak.VerifyNone(t)
	const delay = 40 * time.Millisecond
	chain := build(t, NewFactory(Spec{Out: Link{Delay: delay}}))
	net := newNetwork()
	writer := chain.BindLocalStream(nackStream(), net)
	written := time.Now()
	h := rtp.Header{Version: 2, SSRC: 1, SequenceNumber: 7}
	if _, err := writer.Write(&h, []byte{1, 2, 3}, nil); err != nil {
		t.Fatal(err)
	}
	h.SequenceNumber = 8 // the caller reuses its header
	if _, err := writer.Write(&h, []byte{1, 2, 3}, nil); err != nil {
		t.Fatal(err)
	}
	for len(net.sentSeqs()) < 2 {
		time.Sleep(time.Millisecond)
	}
	if waited := time.Since(written); waited < delay {
		t.Errorf("sent after %s, before its delay of %s", waited, delay)
	}
	if got := net.sentSeqs(); got[0] != 7 || got[1] != 8 {
		t.Errorf("sent %v, want [7 8]", got)
	}
	chain.UnbindLocalStream(nackStream())
	if err := chain.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCloseReleasesHeldPackets: Close ends every stream's goroutine at
// once, with packets still held in both directions, and binding after
// Close impairs nothing rather than start a goroutine no one stops.
func TestCloseReleasesHeldPackets(t *testing.T) {
	defer goleak.VerifyNone(t)
	chain := build(t, NewFactory(Spec{In: Link{Delay: time.Hour / 1000}, Out: Link{Delay: 5 * time.Second}}))
	in, out := newNetwork(), newNetwork()
	reader := chain.BindRemoteStream(nackStream(), in)
	writer := chain.BindLocalStream(nackStream(), out)
	for seq := range uint16(10) {
		in.feed <- packet(seq)
		h := rtp.Header{Version: 2, SSRC: 1, SequenceNumber: seq}
		if _, err := writer.Write(&h, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	readErr := make(chan error)
	go func() {
		_, _, err := reader.Read(make([]byte, 1500), nil)
		readErr <- err
	}()
	// pion closes its streams before the interceptors.
	close(in.feed)
	if err := chain.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-readErr; !errors.Is(err, io.EOF) {
		t.Errorf("a Read waiting for a held packet returned %v at Close, want io.EOF", err)
	}
	if sent := out.sentSeqs(); len(sent) != 0 {
		t.Errorf("sent %v after Close, want nothing", sent)
	}
	if w := chain.BindLocalStream(nackStream(), out); w != interceptor.RTPWriter(out) {
		t.Errorf("binding after Close wrapped the writer")
	}
}
