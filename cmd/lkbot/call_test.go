package main

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/lktest"
)

// commandedBot joins room as identity, taking commands from allow.
func commandedBot(t *testing.T, srv *lktest.Server, room, identity string, allow ...string) *bot.Bot {
	t.Helper()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Camera, cfg.Mic = room, identity, "none", "none"
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	list, err := command.ParseAllowList(allow)
	if err != nil {
		t.Fatal(err)
	}
	doors, err := command.Attach(b, command.Options{Allow: list})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		doors.Close()
		b.Close()
	})
	return b
}

// watcher is a participant that notes everyone it ever sees in the room,
// and whether it was disconnected.
type watcher struct {
	room *lksdk.Room

	mu           sync.Mutex
	seen         []string
	disconnected bool
}

func watch(t *testing.T, srv *lktest.Server, room, identity string) *watcher {
	t.Helper()
	w := &watcher{}
	cb := lksdk.NewRoomCallback()
	cb.OnParticipantConnected = func(rp *lksdk.RemoteParticipant) { w.note(rp.Identity()) }
	cb.OnDisconnected = func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.disconnected = true
	}
	r, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, room, identity), cb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Disconnect)
	for _, rp := range r.GetRemoteParticipants() {
		w.note(rp.Identity())
	}
	w.room = r
	return w
}

func (w *watcher) note(identity string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !slices.Contains(w.seen, identity) {
		w.seen = append(w.seen, identity)
	}
}

func (w *watcher) saw() ([]string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.seen), w.disconnected
}

func callArgs(srv *lktest.Server, room string, words ...string) []string {
	return append([]string{"call", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(), "--room", room}, words...)
}

// TestCallIsInvisible: lkbot call commands a bot that trusts "server",
// and no one in the room sees the caller come or go. A participant whose
// identity the caller asks for is refused before joining, not kicked out.
func TestCallIsInvisible(t *testing.T) {
	srv := lktest.Start(t)
	b := commandedBot(t, srv, "demo", "bot1", "server")
	lead := watch(t, srv, "demo", "lead")

	for i := range 3 {
		code, stdout, stderr := runCLI(t, callArgs(srv, "demo", "--to", "bot1", "status")...)
		var st bot.Status
		if code != exitOK || json.Unmarshal([]byte(stdout), &st) != nil || st.Identity != "bot1" {
			t.Fatalf("call %d: exit %d, stdout %q, stderr %q", i, code, stdout, stderr)
		}
	}
	code, stdout, stderr := runCLI(t, callArgs(srv, "demo", "--to", "bot1", "set_metadata", `{"metadata":"set by call"}`)...)
	if code != exitOK || strings.TrimSpace(stdout) != `{"ok":true}` {
		t.Fatalf("set_metadata: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	waitUntil(t, "lead sees the new metadata", func() bool {
		p := lead.room.GetParticipantByIdentity("bot1")
		return p != nil && p.Metadata() == "set by call"
	})

	expectOneLineError(t, exitUsage, `identity "lead" is in room "demo" already`, callArgs(srv, "demo", "--identity", "lead", "--to", "bot1", "status")...)
	if code, _, _ := runCLI(t, callArgs(srv, "demo", "--to", "bot1", "status")...); code != exitOK {
		t.Fatalf("last call: exit %d", code)
	}
	// The last call has left: anything lead was to see, it has seen.
	seen, kicked := lead.saw()
	if kicked || !slices.Equal(seen, []string{"bot1"}) {
		t.Fatalf("lead saw %v (disconnected: %v), want only bot1", seen, kicked)
	}
	code, stdout, stderr = runCLI(t, callArgs(srv, "demo", "--to", "bot1", "leave")...)
	if code != exitOK || strings.TrimSpace(stdout) != `{"ok":true}` {
		t.Fatalf("leave: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	select {
	case <-b.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("bot1 answered leave but stayed")
	}
}

// TestCallErrors: every way a call can go wrong is one line, and a wrong
// room is not created.
func TestCallErrors(t *testing.T) {
	srv := lktest.Start(t)
	commandedBot(t, srv, "demo", "bot1", "server")
	commandedBot(t, srv, "demo", "strict", "someone")

	expectOneLineError(t, exitFailure, `room "nosuch" does not exist`, callArgs(srv, "nosuch", "--to", "bot1", "status")...)
	client, err := admin.NewClient(admin.Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret()})
	if err != nil {
		t.Fatal(err)
	}
	if rooms, err := client.ListRooms(context.Background(), nil); err != nil || len(rooms) != 1 || rooms[0].Name != "demo" {
		t.Fatalf("rooms after calling into a missing one: %+v %v, want only demo", rooms, err)
	}
	expectOneLineError(t, exitFailure, `participant "ghost" is not in room "demo"`, callArgs(srv, "demo", "--to", "ghost", "status")...)
	// An unknown method is found before joining, as the data and HTTP
	// doors would name it, rather than as LiveKit RPC's code 1400.
	expectOneLineError(t, exitUsage, `unknown method "dance"`, callArgs(srv, "demo", "--to", "bot1", "dance")...)
	expectOneLineError(t, exitUsage, `unknown method "other.mute"`, callArgs(srv, "demo", "--to", "bot1", "other.mute")...)
	expectOneLineError(t, exitFailure, "invalid_params", callArgs(srv, "demo", "--to", "bot1", "lkbot.mute", `{"source":"tv","muted":true}`)...)
	expectOneLineError(t, exitFailure, `not_authorised: not authorised: "server" may not command this bot (see --allow-commands-from); a hidden caller is "server" to the bot`, callArgs(srv, "demo", "--to", "strict", "leave")...)

	// With a token alone, nothing can be checked before joining.
	token := srv.Token(t, "demo", "caller", command.CallerGrant("demo"))
	expectOneLineError(t, exitFailure, `participant "ghost" is not in room "demo"`, "call", "--url", srv.URL(), "--token", token, "--to", "ghost", "status")
}

// callRunsEnv sets how many runs TestCallManyTimes makes: `make test`
// makes 20 (about 5 s); LKBOT_CALL_RUNS=500 is the full check (about 2
// minutes).
const callRunsEnv = "LKBOT_CALL_RUNS"

// TestCallManyTimes: lkbot call from the command line, each run a fresh
// join, gets every answer. lksdk's PerformRpc, which call used, lost
// about one in 110.
func TestCallManyTimes(t *testing.T) {
	calls := 20
	if v := os.Getenv(callRunsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q is not a positive number", callRunsEnv, v)
		}
		calls = n
	}
	srv := lktest.Start(t)
	commandedBot(t, srv, "demo", "bot1", "server")
	for i := range calls {
		if code, stdout, stderr := runCLI(t, callArgs(srv, "demo", "--to", "bot1", "status")...); code != exitOK {
			t.Fatalf("call %d of %d: exit %d, stdout %q, stderr %q", i+1, calls, code, stdout, stderr)
		}
	}
}
