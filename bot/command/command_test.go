package command

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/logging"
	"github.com/lkbot/lkbot/internal/testpeer"
)

func TestMain(m *testing.M) {
	logging.InstallSDKLogger(zap.NewNop())
	m.Run()
}

// commandedBot starts a bot whose doors trust allow, and a log of its
// events.
func commandedBot(t *testing.T, srv *lktest.Server, allow ...string) (*bot.Bot, *Doors, *eventLog) {
	t.Helper()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Resolution, cfg.FPS = "room", "bot", "320x180", 15
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	list, err := ParseAllowList(allow)
	if err != nil {
		t.Fatal(err)
	}
	doors, err := Attach(b, Options{Allow: list})
	if err != nil {
		t.Fatal(err)
	}
	sub := b.Events().Subscribe(4096)
	if err := b.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		doors.Close()
		b.Close()
	})
	return b, doors, newEventLog(sub)
}

// TestRPCAndDataDoorsFromIndependentPeer: LiveKit's Node SDK commands the
// bot with performRpc and with data packets, and sees the effects.
func TestRPCAndDataDoorsFromIndependentPeer(t *testing.T) {
	srv := lktest.Start(t)
	b, _, events := commandedBot(t, srv, "boss")
	boss := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", "boss"))
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	if _, err := boss.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "track_subscribed" && e.Kind == "video" }); err != nil {
		t.Fatal(err)
	}

	// RPC: mute the camera; the peer sees it muted.
	if err := boss.Send(testpeer.PerformRPC{ID: "1", Destination: "bot", Method: "lkbot.mute", Payload: `{"source":"camera","muted":true}`}); err != nil {
		t.Fatal(err)
	}
	res, err := boss.WaitFor(ctx, func(e testpeer.Event) bool { return (e.Type == "rpc_result" || e.Type == "rpc_error") && e.ID == "1" })
	if err != nil || res.Type != "rpc_result" || res.Payload != `{"ok":true}` {
		t.Fatalf("rpc mute: %+v %v", res, err)
	}
	if _, err := boss.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "track_muted" && e.Participant == "bot" }); err != nil {
		t.Fatalf("peer never saw the camera muted: %v", err)
	}
	ev := events.wait(t, "command event", func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.Method == "mute" }).(event.Command)
	if ev.Caller != "boss" || ev.Door != DoorRPC || ev.Outcome != "ok" {
		t.Fatalf("command event %+v", ev)
	}

	// RPC: unpublish the microphone; the peer sees it go.
	if err := boss.Send(testpeer.PerformRPC{ID: "u", Destination: "bot", Method: "lkbot.unpublish", Payload: `{"source":"microphone"}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := boss.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "track_unpublished" && e.Participant == "bot" }); err != nil {
		t.Fatalf("peer never saw the microphone unpublished: %v", err)
	}

	// RPC: send_data reaches the peer.
	if err := boss.Send(testpeer.PerformRPC{ID: "s", Destination: "bot", Method: "lkbot.send_data", Payload: `{"payload":"via rpc","topic":"news","destinations":["boss"]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := boss.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "data" && e.Payload == "via rpc" && e.Topic == "news" }); err != nil {
		t.Fatalf("data sent by command never arrived: %v", err)
	}

	// RPC: a source that is not published is a distinct error.
	if err := boss.Send(testpeer.PerformRPC{ID: "2", Destination: "bot", Method: "lkbot.mute", Payload: `{"source":"microphone","muted":true}`}); err != nil {
		t.Fatal(err)
	}
	res, _ = boss.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "rpc_error" && e.ID == "2" })
	if !strings.Contains(res.Message, CodeNotPublished) {
		t.Fatalf("rpc on an unpublished source: %+v", res)
	}

	// Data door: set metadata, reply only to the sender.
	req := `{"id":"m1","method":"set_metadata","params":{"metadata":"from-data"}}`
	if err := boss.Send(testpeer.SendData{Payload: req, Topic: CommandTopic, Reliable: true, Destinations: []string{"bot"}}); err != nil {
		t.Fatal(err)
	}
	reply, err := boss.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "data" && e.Topic == ReplyTopic })
	if err != nil {
		t.Fatal(err)
	}
	var r Reply
	if err := json.Unmarshal([]byte(reply.Payload), &r); err != nil || r.ID != "m1" || r.Error != nil {
		t.Fatalf("reply %q: %v", reply.Payload, err)
	}
	if _, err := boss.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "participant_metadata" && e.Participant == "bot" && e.Metadata == "from-data"
	}); err != nil {
		t.Fatalf("peer never saw the metadata: %v", err)
	}

	// Data door: malformed JSON and an unknown method get distinct codes.
	for _, tc := range []struct{ payload, code string }{
		{`{"id":"x1","method":`, CodeMalformed},
		{`{"id":"x2","method":"dance"}`, CodeUnknownMethod},
		{`{"id":"x3","method":"mute","params":{"source":"camera"}}`, CodeInvalidParams},
		{`{"id":"x4","method":"mute","params":{"source":"camera","muted":"yes"}}`, CodeInvalidParams},
		{`{"id":"x5","method":"send_data","params":{"payload":"` + strings.Repeat("a", bot.MaxDataSize+1) + `"}}`, CodePayloadTooLarge},
	} {
		if err := boss.Send(testpeer.SendData{Payload: tc.payload, Topic: CommandTopic, Reliable: true, Destinations: []string{"bot"}}); err != nil {
			t.Fatal(err)
		}
	}
	codes := map[string]string{}
	_, err = boss.WaitFor(ctx, func(e testpeer.Event) bool {
		if e.Type == "data" && e.Topic == ReplyTopic {
			var r Reply
			if json.Unmarshal([]byte(e.Payload), &r) == nil && r.Error != nil {
				codes[r.ID] = r.Error.Code
			}
		}
		return len(codes) >= 5
	})
	if err != nil {
		t.Fatalf("replies %v: %v", codes, err)
	}
	want := map[string]string{"": CodeMalformed, "x2": CodeUnknownMethod, "x3": CodeInvalidParams, "x4": CodeInvalidParams, "x5": CodePayloadTooLarge}
	for id, code := range want {
		if codes[id] != code {
			t.Errorf("request %q answered %q, want %q (all: %v)", id, codes[id], code, codes)
		}
	}
	if b.Status().Connection != bot.StateConnected {
		t.Fatal("bad commands hurt the bot")
	}
}

// TestUnauthorisedCallersChangeNothing: a participant not on the allow list
// is refused through both remote doors, and the bot's state stays as it was.
func TestUnauthorisedCallersChangeNothing(t *testing.T) {
	srv := lktest.Start(t)
	b, _, events := commandedBot(t, srv, "boss")
	yes := true
	mallory := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", "mallory", &auth.VideoGrant{CanPublishData: &yes}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := mallory.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "connected" }); err != nil {
		t.Fatal(err)
	}
	if err := mallory.Send(testpeer.PerformRPC{ID: "r", Destination: "bot", Method: "lkbot.leave", Payload: `{}`}); err != nil {
		t.Fatal(err)
	}
	res, err := mallory.WaitFor(ctx, func(e testpeer.Event) bool { return (e.Type == "rpc_error" || e.Type == "rpc_result") && e.ID == "r" })
	if err != nil || res.Type != "rpc_error" || !strings.Contains(res.Message, "not authorised") {
		t.Fatalf("unauthorised rpc: %+v %v", res, err)
	}
	req := `{"id":"d","method":"mute","params":{"source":"camera","muted":true}}`
	if err := mallory.Send(testpeer.SendData{Payload: req, Topic: CommandTopic, Reliable: true, Destinations: []string{"bot"}}); err != nil {
		t.Fatal(err)
	}
	reply, err := mallory.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "data" && e.Topic == ReplyTopic })
	if err != nil || !strings.Contains(reply.Payload, CodeNotAuthorised) {
		t.Fatalf("unauthorised data command: %+v %v", reply, err)
	}
	refusal := func(door string) func(event.Event) bool {
		return func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.Door == door }
	}
	// The RPC and data refusals may arrive in either order.
	refusals := events.waitAll(t, map[string]func(event.Event) bool{DoorRPC: refusal(DoorRPC), DoorData: refusal(DoorData)})
	for door, e := range refusals {
		if ev := e.(event.Command); ev.Outcome != "refused" || ev.Caller != "mallory" {
			t.Fatalf("refusal event via %s: %+v", door, ev)
		}
	}
	st := b.Status()
	if st.Connection != bot.StateConnected {
		t.Fatalf("bot left: %+v", st)
	}
	for _, tr := range st.Tracks {
		if tr.Muted {
			t.Fatalf("refused mute changed the bot: %+v", st)
		}
	}
}

// TestServerDataNeedsServerInAllowList: data from the server API carries no
// identity; only the keyword "server" trusts it.
func TestServerDataNeedsServerInAllowList(t *testing.T) {
	srv := lktest.Start(t)
	for _, tc := range []struct {
		allow   string
		outcome string
	}{{"*", "refused"}, {"server", "ok"}} {
		t.Run(tc.allow, func(t *testing.T) {
			b, _, events := commandedBot(t, srv, tc.allow)
			rs := lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
			req := `{"id":"s","method":"set_name","params":{"name":"Named by server"}}`
			topic := CommandTopic
			if _, err := rs.SendData(context.Background(), &livekit.SendDataRequest{Room: "room", Data: []byte(req), Topic: &topic, DestinationIdentities: []string{"bot"}}); err != nil {
				t.Fatal(err)
			}
			ev := events.wait(t, "server command", func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.ID == "s" }).(event.Command)
			if ev.Caller != ServerCaller || ev.Outcome != tc.outcome {
				t.Fatalf("server command with allow %q: %+v", tc.allow, ev)
			}
			b.Close()
		})
	}
}

// TestParticipantNamedServerIsNotTheServer: a participant may join with the
// identity "server"; a bot that trusts the server still refuses it.
func TestParticipantNamedServerIsNotTheServer(t *testing.T) {
	srv := lktest.Start(t)
	b, _, events := commandedBot(t, srv, "server")
	impostor, replies := dataPeer(t, srv, ServerCaller)
	defer impostor.Disconnect()
	req := []byte(`{"id":"x","method":"leave"}`)
	if err := impostor.LocalParticipant.PublishDataPacket(lksdk.UserData(req), lksdk.WithDataPublishTopic(CommandTopic), lksdk.WithDataPublishReliable(true), lksdk.WithDataPublishDestination([]string{"bot"})); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-replies:
		if r.ID != "x" || r.Error == nil || r.Error.Code != CodeNotAuthorised {
			t.Fatalf("reply to a participant named server: %+v, want %s", r, CodeNotAuthorised)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no reply to the participant named server")
	}
	ev := events.wait(t, "command event", func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.ID == "x" }).(event.Command)
	if ev.Outcome != "refused" {
		t.Fatalf("command event %+v, want refused", ev)
	}
	if b.Status().Connection != bot.StateConnected {
		t.Fatal("the participant named server made the bot leave")
	}
}
