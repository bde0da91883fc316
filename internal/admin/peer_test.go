package admin

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/lkbot/lkbot/internal/lktest"
)

// peer is a participant written with lksdk that records what the server
// does to it.
type peer struct {
	room *lksdk.Room

	mu           sync.Mutex
	data         []received
	probed       bool // a probe packet arrived: the data channel is open
	mutedSIDs    map[string]bool
	disconnected lksdk.DisconnectionReason
}

type received struct {
	topic, text, from string
}

func joinPeer(t *testing.T, srv *lktest.Server, room, identity string) *peer {
	t.Helper()
	p := &peer{mutedSIDs: map[string]bool{}}
	cb := &lksdk.RoomCallback{
		OnDisconnectedWithReason: func(r lksdk.DisconnectionReason) {
			p.mu.Lock()
			p.disconnected = r
			p.mu.Unlock()
		},
	}
	cb.OnDataPacket = func(d lksdk.DataPacket, params lksdk.DataReceiveParams) {
		if u, ok := d.(*lksdk.UserDataPacket); ok {
			p.mu.Lock()
			if u.Topic == lktest.ProbeTopic {
				p.probed = true
			} else {
				p.data = append(p.data, received{topic: u.Topic, text: string(u.Payload), from: params.SenderIdentity})
			}
			p.mu.Unlock()
		}
	}
	cb.OnTrackMuted = func(pub lksdk.TrackPublication, _ lksdk.Participant) {
		p.mu.Lock()
		p.mutedSIDs[pub.SID()] = true
		p.mu.Unlock()
	}
	r, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, room, identity), cb, lksdk.WithAutoSubscribe(false))
	if err != nil {
		t.Fatalf("connect %s: %v", identity, err)
	}
	p.room = r
	t.Cleanup(r.Disconnect)
	return p
}

// publishMic publishes an Opus microphone track fed with silence until the
// test ends.
func (p *peer) publishMic(t *testing.T) *lksdk.LocalTrackPublication {
	t.Helper()
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := p.room.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "mic", Source: livekit.TrackSource_MICROPHONE})
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				_ = track.WriteSample(media.Sample{Data: []byte{0xf8, 0xff, 0xfe}, Duration: 20 * time.Millisecond}, nil)
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
	return pub
}

func (p *peer) received() []received {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]received(nil), p.data...)
}

// eventually polls cond every 20 ms until it holds or 5 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitDataReady probes p from the server until its data channel is open.
func (p *peer) waitDataReady(t *testing.T, c *Client, room, identity string) {
	t.Helper()
	lktest.WaitDataReady(t, identity, func() {
		if _, err := c.SendData(context.Background(), SendDataParams{Room: room, Payload: []byte("probe"), Topic: lktest.ProbeTopic, Destinations: []string{identity}}); err != nil {
			t.Fatal(err)
		}
	}, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.probed
	})
}
