package bot

import (
	"net"
	"sync/atomic"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
)

// These tests guard what the bot relies on in lksdk and pion without a
// server, so that an upgrade that breaks a fact fails go test -short and
// says what to do.

// receiveParamsWithoutDeliveryMode is lksdk v2.19's DataReceiveParams. If
// this conversion stops compiling, lksdk changed the struct: if a new field
// says whether a packet came reliable or lossy, report it in
// event.DataReceived and README (and drop "unknown" from README's
// Limitations); otherwise add the field here.
type receiveParamsWithoutDeliveryMode struct {
	Sender         *lksdk.RemoteParticipant
	SenderIdentity string
	Topic          string
}

var _ = lksdk.DataReceiveParams(receiveParamsWithoutDeliveryMode{})

// userPacketWithoutDeliveryMode is lksdk v2.19's UserDataPacket; the same
// applies if this conversion stops compiling.
type userPacketWithoutDeliveryMode struct {
	Payload []byte
	Topic   string
}

var _ = lksdk.UserDataPacket(userPacketWithoutDeliveryMode{})

func TestSDKDataLimitIs15KiB(t *testing.T) {
	if lksdk.MaxDataBytes != 15*1024 {
		t.Fatalf("lksdk.MaxDataBytes is %d, was 15 KiB: bot.MaxDataSize follows it; check the server's limit and update README (send_data, send-data), which says 15 KiB", lksdk.MaxDataBytes)
	}
}

// TestPeerConnectionsAbsentBeforeJoin: flushData may run on a room whose
// join failed, so the public getters of its peer connections must return
// nil rather than panic before there are any.
func TestPeerConnectionsAbsentBeforeJoin(t *testing.T) {
	room := lksdk.NewRoom(nil)
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("lksdk's peer connection getters panic before join (%v): flushData must check the engine another way", r)
		}
	}()
	lp := room.LocalParticipant
	if lp.GetPublisherPeerConnection() != nil || lp.GetSubscriberPeerConnection() != nil {
		t.Fatal("lksdk returns peer connections before join: flushData must not count data on them")
	}
	if n := unackedData(room); n != 0 {
		t.Fatalf("unackedData before join = %d, want 0", n)
	}
}

// TestSCTPBufferedAmountCountsDataChannels: flushData waits on
// PeerConnection.SCTP().BufferedAmount(). It must be zero before the
// association exists, count bytes a data channel has queued, and fall to
// zero once the other end has them. If pion changes that, find another
// public figure for data not yet delivered, or Close loses replies sent just
// before leaving.
func TestSCTPBufferedAmountCountsDataChannels(t *testing.T) {
	sender, dc, received := dataChannelPair(t)
	if sender.SCTP() == nil {
		t.Fatal("pion's PeerConnection.SCTP() is nil: flushData cannot see queued data")
	}
	const message, count = 16 * 1024, 64
	most := 0
	for range count {
		if err := dc.Send(make([]byte, message)); err != nil {
			t.Fatal(err)
		}
		most = max(most, sender.SCTP().BufferedAmount())
	}
	if most == 0 {
		t.Fatalf("SCTP().BufferedAmount() stayed 0 while %d KiB were queued on a data channel: it no longer counts data channels' bytes", message*count/1024)
	}
	eventually(t, 10*time.Second, "SCTP().BufferedAmount() falls to 0 once sent", func() bool {
		return sender.SCTP().BufferedAmount() == 0
	})
	eventually(t, 10*time.Second, "the other end receives every byte", func() bool {
		return received.Load() == message*count
	})
}

// dataChannelPair connects two pion peer connections over loopback and
// returns the sending one, its open data channel, and a count of bytes the
// other end has received.
func dataChannelPair(t *testing.T) (*webrtc.PeerConnection, *webrtc.DataChannel, *atomic.Int64) {
	t.Helper()
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	api := webrtc.NewAPI(webrtc.WithSettingEngine(se))
	newPC := func() *webrtc.PeerConnection {
		pc, err := api.NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = pc.Close() })
		return pc
	}
	offerer, answerer := newPC(), newPC()

	received := &atomic.Int64{}
	answerer.OnDataChannel(func(dc *webrtc.DataChannel) {
		dc.OnMessage(func(m webrtc.DataChannelMessage) { received.Add(int64(len(m.Data))) })
	})
	dc, err := offerer.CreateDataChannel("flush", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })

	offer, err := offerer.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	answer := negotiate(t, answerer, describe(t, offerer, offer))
	if err := offerer.SetRemoteDescription(describe(t, answerer, answer)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-opened:
	case <-time.After(10 * time.Second):
		t.Fatal("loopback data channel did not open within 10s")
	}
	return offerer, dc, received
}

// describe sets sd as pc's local description and returns it with every
// candidate gathered.
func describe(t *testing.T, pc *webrtc.PeerConnection, sd webrtc.SessionDescription) webrtc.SessionDescription {
	t.Helper()
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(sd); err != nil {
		t.Fatal(err)
	}
	select {
	case <-gathered:
	case <-time.After(10 * time.Second):
		t.Fatal("ICE gathering on loopback did not complete within 10s")
	}
	return *pc.LocalDescription()
}

// negotiate answers offer on pc.
func negotiate(t *testing.T, pc *webrtc.PeerConnection, offer webrtc.SessionDescription) webrtc.SessionDescription {
	t.Helper()
	if err := pc.SetRemoteDescription(offer); err != nil {
		t.Fatal(err)
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		t.Fatal(err)
	}
	return answer
}
