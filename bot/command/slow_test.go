package command

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// onDataChannelReader reports whether the calling goroutine is a pion
// data channel's reader.
func onDataChannelReader() bool {
	buf := make([]byte, 64<<10)
	return strings.Contains(string(buf[:runtime.Stack(buf, false)]), "webrtc/v4.(*DataChannel).readLoop")
}

// dataPeer joins the room as identity and hands over every reply the bot
// sends it on ReplyTopic.
func dataPeer(t *testing.T, srv *lktest.Server, identity string) (*lksdk.Room, <-chan Reply) {
	t.Helper()
	replies := make(chan Reply, 16)
	cb := lksdk.NewRoomCallback()
	cb.OnDataPacket = func(data lksdk.DataPacket, _ lksdk.DataReceiveParams) {
		var r Reply
		if u, ok := data.(*lksdk.UserDataPacket); ok && u.Topic == ReplyTopic && json.Unmarshal(u.Payload, &r) == nil {
			replies <- r
		}
	}
	yes := true
	room, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", identity, &auth.VideoGrant{CanPublishData: &yes}), cb)
	if err != nil {
		t.Fatalf("%s: %v", identity, err)
	}
	return room, replies
}

func waitStartedName(t *testing.T, g *gatedTarget, name string) {
	t.Helper()
	select {
	case got := <-g.started:
		if got != name {
			t.Fatalf("command for %q started, want %q", got, name)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("command for %q never started", name)
	}
}

// sendAndTime sends text from p to the bot reliably and returns how long
// the bot took to see it.
func sendAndTime(t *testing.T, p *lksdk.Room, events *eventLog, text string) time.Duration {
	t.Helper()
	sent := time.Now()
	if err := p.LocalParticipant.PublishDataPacket(lksdk.UserData([]byte(text)), lksdk.WithDataPublishReliable(true), lksdk.WithDataPublishDestination([]string{"bot"})); err != nil {
		t.Fatal(err)
	}
	events.wait(t, "data "+text, func(e event.Event) bool {
		d, ok := e.(event.DataReceived)
		return ok && d.Text == text
	})
	return time.Since(sent)
}

// TestSlowCommandsAndData: while a slow command runs, data from another
// participant still reaches the bot. Through the data door it arrives at
// once. Through the RPC door, lksdk v2.19 holds the data channel's reader
// until the handler returns; the door gives up waiting at the caller's
// response timeout, so data arrives then, while the command still runs on
// its worker. Closing the doors and the bot leaves no goroutine behind.
func TestSlowCommandsAndData(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Camera, cfg.Mic = "room", "bot", "none", "none"
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	g := newGatedTarget()
	allow, _ := ParseAllowList([]string{"boss"})
	d := NewDispatcher(g, allow, b.Events(), nil)
	w := NewWorkers(MaxConcurrentCommands, closeGrace, nil)
	defer w.Close()
	OpenDataDoor(d, b, w)
	if err := OpenRPCDoor(d, b, w); err != nil {
		t.Fatal(err)
	}
	onReader := make(chan bool, 1)
	if err := b.RegisterRPC("probe", func(lksdk.RpcInvocationData) (string, error) {
		onReader <- onDataChannelReader()
		return "", nil
	}); err != nil {
		t.Fatal(err)
	}
	events := newEventLog(b.Events().Subscribe(4096))
	if err := b.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	boss, replies := dataPeer(t, srv, "boss")
	defer boss.Disconnect()
	chatter, _ := dataPeer(t, srv, "chatter")
	defer chatter.Disconnect()
	rpcTimeout := 8 * time.Second // lksdk sends the callee 8 s - 7 s = 1 s

	// The dependency fact behind the RPC door's design.
	if _, err := boss.LocalParticipant.PerformRpc(lksdk.PerformRpcParams{DestinationIdentity: "bot", Method: "probe", ResponseTimeout: &rpcTimeout}); err != nil {
		t.Fatal(err)
	}
	if !<-onReader {
		t.Error("lksdk no longer calls RPC handlers on the data channel's reader: answerRPC's hold is gone, update its comment")
	}

	// Data door: the reader hands the command over and reads on.
	req := `{"id":"n1","method":"set_name","params":{"name":"via-data"}}`
	if err := boss.LocalParticipant.PublishDataPacket(lksdk.UserData([]byte(req)), lksdk.WithDataPublishTopic(CommandTopic), lksdk.WithDataPublishReliable(true), lksdk.WithDataPublishDestination([]string{"bot"})); err != nil {
		t.Fatal(err)
	}
	waitStartedName(t, g, "via-data")
	t.Logf("data door: data arrived %s after it was sent, while the command ran", sendAndTime(t, chatter, events, "during the data command"))
	g.open("via-data")
	select {
	case r := <-replies:
		if r.ID != "n1" || r.Error != nil {
			t.Fatalf("reply %+v", r)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no reply to the data command")
	}

	// RPC door: the reader is held until the caller's timeout, no longer,
	// even by a command that takes no context.
	rpcDone := make(chan error, 1)
	go func() {
		_, err := boss.LocalParticipant.PerformRpc(lksdk.PerformRpcParams{
			DestinationIdentity: "bot", Method: RPCPrefix + "publish", Payload: `{"source":"camera"}`, ResponseTimeout: &rpcTimeout,
		})
		rpcDone <- err
	}()
	waitStartedName(t, g, bot.SourceCamera)
	t.Logf("rpc door: data arrived %s after it was sent, while the command ran", sendAndTime(t, chatter, events, "during the rpc command"))
	var rpcErr *lksdk.RpcError
	if err := <-rpcDone; !errors.As(err, &rpcErr) || !strings.Contains(rpcErr.Message, "still running after the caller's response timeout") {
		t.Fatalf("rpc outlasting its timeout: %v", err)
	}
	g.open(bot.SourceCamera)

	w.Close()
	if got := g.applied(); len(got) != 2 {
		t.Fatalf("applied %v, want both commands: Close waits for the running one", got)
	}
	b.Close()
	boss.Disconnect()
	chatter.Disconnect()
	// pion's transports wind down just after Close returns; allow them time.
	lktest.WaitNoLeaks(t, ignore)
}
