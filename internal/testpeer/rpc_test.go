package testpeer_test

import (
	"context"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// TestNodePeerCommands checks the peer's commands against a participant
// written with lksdk: RPC both ways of failure and success, and data.
func TestNodePeerCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("starts livekit-server and node")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := lktest.Start(t)

	received := make(chan *lksdk.UserDataPacket, 1)
	goRoom := joinGo(t, srv, "cmds", "go", &lksdk.RoomCallback{ParticipantCallback: lksdk.ParticipantCallback{
		OnDataPacket: func(d lksdk.DataPacket, p lksdk.DataReceiveParams) {
			if u, ok := d.(*lksdk.UserDataPacket); ok && p.SenderIdentity == "node" {
				select {
				case received <- u:
				default:
				}
			}
		},
	}})
	err := goRoom.RegisterRpcMethod("echo", func(d lksdk.RpcInvocationData) (string, error) {
		return d.CallerIdentity + ":" + d.Payload, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	peer := startPeer(ctx, t, srv, "cmds", "node")

	send(t, peer, testpeer.PerformRPC{ID: "1", Destination: "go", Method: "echo", Payload: "ping"})
	res := waitFor(ctx, t, peer, "rpc 1", func(e testpeer.Event) bool { return e.ID == "1" })
	if res.Type != "rpc_result" || res.Payload != "node:ping" {
		t.Errorf("rpc 1 = %s; want rpc_result node:ping", res)
	}
	send(t, peer, testpeer.PerformRPC{ID: "2", Destination: "go", Method: "nope"})
	res = waitFor(ctx, t, peer, "rpc 2", func(e testpeer.Event) bool { return e.ID == "2" })
	if res.Type != "rpc_error" || res.Code != 1400 {
		t.Errorf("rpc 2 = %s; want rpc_error 1400 (unsupported method)", res)
	}

	send(t, peer, testpeer.SendData{Payload: "hi", Topic: "chat", Reliable: true, Destinations: []string{"go"}})
	select {
	case u := <-received:
		if string(u.Payload) != "hi" || u.Topic != "chat" {
			t.Errorf("go received %q on %q; want hi on chat", u.Payload, u.Topic)
		}
	case <-ctx.Done():
		t.Fatal("go participant received no data from the peer")
	}
	send(t, peer, testpeer.Leave{})
	select {
	case <-peer.Done():
	case <-ctx.Done():
		t.Fatal("peer did not exit after leave")
	}
}
