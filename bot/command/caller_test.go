package command

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// hiddenCaller joins "room" as identity with CallerGrant and returns its
// Caller.
func hiddenCaller(t *testing.T, srv *lktest.Server, identity string) *Caller {
	t.Helper()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.Camera, cfg.Mic = srv.URL(), "none", "none"
	cfg.Token = srv.Token(t, "room", identity, CallerGrant("room"))
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCaller(b)
	if err := b.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return c
}

// TestCallerAnswersEveryCall: a hidden caller's 500 calls in a row through
// the data door all get their answer. lksdk's PerformRpc lost about one
// answer in 110 from a bot on the same host (issue 8, item 6).
func TestCallerAnswersEveryCall(t *testing.T) {
	srv := lktest.Start(t)
	_, _, events := commandedBot(t, srv, "server")
	c := hiddenCaller(t, srv, "lkbot-call-test")
	const calls = 500
	for i := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), bot.RPCTimeout)
		res, err := c.Call(ctx, "bot", "status", nil)
		cancel()
		if err != nil {
			t.Fatalf("call %d of %d: %v", i+1, calls, err)
		}
		var st bot.Status
		if err := json.Unmarshal(res, &st); err != nil || st.Identity != "bot" || st.Connection != bot.StateConnected {
			t.Fatalf("call %d: status %s (%v)", i+1, res, err)
		}
	}
	// The caller is hidden: the bot knows it only as the server.
	ev := events.wait(t, "command event", func(e event.Event) bool { _, ok := e.(event.Command); return ok }).(event.Command)
	if ev.Caller != ServerCaller || ev.Door != DoorData || ev.Outcome != "ok" {
		t.Fatalf("command event %+v, want an ok data command from %q", ev, ServerCaller)
	}
}

// TestCallerErrors: a failed command comes back with its code; a refused
// caller learns why; a participant that never answers is ErrNoReply.
func TestCallerErrors(t *testing.T) {
	srv := lktest.Start(t)
	commandedBot(t, srv, "server")
	c := hiddenCaller(t, srv, "lkbot-call-test")
	ctx, cancel := context.WithTimeout(context.Background(), bot.RPCTimeout)
	defer cancel()
	var cerr *Error
	if _, err := c.Call(ctx, "bot", "mute", json.RawMessage(`{"source":"tv","muted":true}`)); !errors.As(err, &cerr) || cerr.Code != CodeInvalidParams {
		t.Fatalf("bad params: %v, want %s", err, CodeInvalidParams)
	}
	if _, err := c.Call(ctx, "bot", "dance", nil); !errors.As(err, &cerr) || cerr.Code != CodeUnknownMethod {
		t.Fatalf("unknown method: %v, want %s", err, CodeUnknownMethod)
	}
	short, cancelShort := context.WithTimeout(ctx, time.Second)
	defer cancelShort()
	if _, err := c.Call(short, "nobody", "status", nil); !errors.Is(err, ErrNoReply) {
		t.Fatalf("call to no one: %v, want ErrNoReply", err)
	}
	// A signal cancels the context: that is not a missing answer.
	stopped, stop := context.WithCancel(ctx)
	stop()
	if _, err := c.Call(stopped, "nobody", "status", nil); !errors.Is(err, context.Canceled) || errors.Is(err, ErrNoReply) {
		t.Fatalf("interrupted call: %v, want context.Canceled", err)
	}
}

// TestHiddenCallerNeedsServerInAllowList: a bot that trusts participants
// by identity, even all of them, refuses a hidden caller, and tells it so.
func TestHiddenCallerNeedsServerInAllowList(t *testing.T) {
	srv := lktest.Start(t)
	b, _, _ := commandedBot(t, srv, "*", "lkbot-call-test")
	c := hiddenCaller(t, srv, "lkbot-call-test")
	ctx, cancel := context.WithTimeout(context.Background(), bot.RPCTimeout)
	defer cancel()
	var cerr *Error
	if _, err := c.Call(ctx, "bot", "leave", nil); !errors.As(err, &cerr) || cerr.Code != CodeNotAuthorised {
		t.Fatalf("hidden caller without server in the allow list: %v, want %s", err, CodeNotAuthorised)
	}
	if b.Status().Connection != bot.StateConnected {
		t.Fatal("a refused leave made the bot leave")
	}
}

// FuzzCallerReceive: whatever arrives on the reply topic, the Caller never
// panics, and hands a pending call only a reply from the bot it called.
func FuzzCallerReceive(f *testing.F) {
	f.Add("bot", []byte(`{"id":"1","result":{"ok":true}}`))
	f.Add("eve", []byte(`{"id":"1","error":{"code":"failed","message":"x"}}`))
	f.Add("", []byte(`{"id":1}`))
	f.Add("bot", []byte(`[`))
	f.Fuzz(func(t *testing.T, from string, payload []byte) {
		c := &Caller{pending: map[string]pendingCall{"1": {to: "bot", answer: make(chan callReply, 1)}}}
		answer := c.pending["1"].answer
		c.receive(from, payload)
		select {
		case r := <-answer:
			if from != "bot" || r.ID != "1" {
				t.Fatalf("reply %+v from %q reached the call to bot", r, from)
			}
		default:
		}
	})
}

// TestUnknownMethodPerDoor pins what README says of a method lkbot does
// not have: the data door answers unknown_method, while over RPC LiveKit's
// SDK answers a name that was never registered itself, with code 1400,
// before lkbot sees the request.
func TestUnknownMethodPerDoor(t *testing.T) {
	srv := lktest.Start(t)
	commandedBot(t, srv, "*", "server")
	c := hiddenCaller(t, srv, "lkbot-call-test")
	ctx, cancel := context.WithTimeout(context.Background(), bot.RPCTimeout)
	defer cancel()
	var cerr *Error
	if _, err := c.Call(ctx, "bot", "dance", nil); !errors.As(err, &cerr) || cerr.Code != CodeUnknownMethod {
		t.Fatalf("data door: %v, want %s", err, CodeUnknownMethod)
	}
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Camera, cfg.Mic = "room", "rpc-caller", "none", "none"
	rpcCaller, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer rpcCaller.Close()
	if err := rpcCaller.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = rpcCaller.PerformRPC(ctx, "bot", RPCPrefix+"dance", "{}")
	if err == nil || !strings.Contains(err.Error(), "(code 1400)") {
		t.Fatalf("rpc: %v, want LiveKit's code 1400", err)
	}
}

// TestHiddenRPCCallerIsTheServer: LiveKit strips a hidden participant's
// identity from its RPC requests too, so the RPC door treats it as the
// data door does: as "server", which "*" does not admit.
func TestHiddenRPCCallerIsTheServer(t *testing.T) {
	srv := lktest.Start(t)
	b, _, events := commandedBot(t, srv, "*")
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.Camera, cfg.Mic = srv.URL(), "none", "none"
	cfg.Token = srv.Token(t, "room", "hidden-rpc", CallerGrant("room"))
	hidden, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer hidden.Close()
	if err := hidden.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Sent at once: PerformRPC waits for the data channel to open, which
	// lksdk does not when the publisher connection is the primary one.
	// The answer cannot reach a caller without an identity: do not wait
	// long for it.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _ = hidden.PerformRPC(ctx, "bot", RPCPrefix+"leave", "{}")
	ev := events.wait(t, "rpc command event", func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.Door == DoorRPC }).(event.Command)
	if ev.Caller != ServerCaller || ev.Outcome != "refused" {
		t.Fatalf("hidden rpc caller: %+v, want refused as %q", ev, ServerCaller)
	}
	if b.Status().Connection != bot.StateConnected {
		t.Fatal("a hidden participant made the bot leave though the allow list is only *")
	}
}
