package testpeer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// joinGo connects a participant written with lksdk and leaves in t.Cleanup.
func joinGo(t *testing.T, srv *lktest.Server, room, identity string, cb *lksdk.RoomCallback) *lksdk.Room {
	t.Helper()
	if cb == nil {
		cb = &lksdk.RoomCallback{}
	}
	r, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, room, identity), cb, lksdk.WithAutoSubscribe(false))
	if err != nil {
		t.Fatalf("connect %s: %v", identity, err)
	}
	t.Cleanup(r.Disconnect)
	return r
}

func startPeer(ctx context.Context, t *testing.T, srv *lktest.Server, room, identity string) *testpeer.NodePeer {
	t.Helper()
	p := testpeer.StartNode(t, srv.URL(), srv.Token(t, room, identity))
	if _, err := p.WaitFor(ctx, testpeer.OfType("connected")); err != nil {
		t.Fatalf("%s did not connect: %v", identity, err)
	}
	return p
}

func TestNodePeerReceivesData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts livekit-server and node")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := lktest.Start(t)
	peer := startPeer(ctx, t, srv, "data", "node")

	sender := joinGo(t, srv, "data", "go", nil)
	if _, err := peer.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "participant_connected" && e.Participant == "go"
	}); err != nil {
		t.Fatal(err)
	}
	err := sender.LocalParticipant.PublishDataPacket(lksdk.UserData([]byte("hello")),
		lksdk.WithDataPublishTopic("greeting"), lksdk.WithDataPublishReliable(true))
	if err != nil {
		t.Fatalf("publish data: %v", err)
	}

	ev, err := peer.WaitFor(ctx, testpeer.OfType("data"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Participant != "go" || ev.Topic != "greeting" || ev.Payload != "hello" || ev.Kind != "reliable" {
		t.Fatalf("data event = %s; want hello on greeting, reliable, from go", ev)
	}
}

func TestNodePeerBadToken(t *testing.T) {
	if testing.Short() {
		t.Skip("starts livekit-server and node")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv := lktest.Start(t)
	peer := testpeer.StartNode(t, srv.URL(), "not-a-token")
	_, err := peer.WaitFor(ctx, testpeer.OfType("connected"))
	if !errors.Is(err, testpeer.ErrExited) || !strings.Contains(err.Error(), "connect") {
		t.Fatalf("err = %v; want ErrExited naming the connect error", err)
	}
}
