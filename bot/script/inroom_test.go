package script

import (
	"context"
	"strings"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/goleak"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/logging"
)

func TestMain(m *testing.M) {
	logging.InstallSDKLogger(zap.NewNop())
	m.Run()
}

// scriptedBot is a connected bot with its doors and a runner, which the
// test closes itself, in the order their creator would.
type scriptedBot struct {
	b      *bot.Bot
	doors  *command.Doors
	runner *Runner
	events *event.Subscription
}

func startScriptedBot(t *testing.T, srv *lktest.Server, identity string) *scriptedBot {
	t.Helper()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Camera, cfg.Mic = "room", identity, "none", "none"
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	doors, err := command.Attach(b, command.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := &scriptedBot{b: b, doors: doors, runner: NewRunner(doors.Dispatcher, b.Events()), events: b.Events().Subscribe(1024)}
	if err := b.Connect(context.Background()); err != nil {
		s.close()
		t.Fatal(err)
	}
	return s
}

func (s *scriptedBot) close() {
	s.runner.Close()
	s.doors.Close()
	s.b.Close()
}

func mustDecode(t *testing.T, yaml string) *Script {
	t.Helper()
	s, err := Decode([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRunInRoomLeavesTheBotToItsCreator: RunInRoom ends when the script
// does, or when the bot leaves first, and in neither case closes the bot:
// its creator does, and then no goroutine is left.
func TestRunInRoomLeavesTheBotToItsCreator(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()

	done := startScriptedBot(t, srv, "done")
	if err := done.runner.RunInRoom(context.Background(), done.b, mustDecode(t, "steps:\n  - do: status\n"), time.Minute); err != nil {
		t.Fatalf("script: %v", err)
	}
	if !done.b.Connected() {
		t.Fatal("RunInRoom closed a bot it did not create")
	}
	done.close()

	left := startScriptedBot(t, srv, "left")
	waiting := mustDecode(t, "steps:\n  - do: status\n  - wait_for: {type: data_received, topic: never}\n")
	go func() {
		// Leave once the script waits in its second step.
		for env := range left.events.C {
			if _, ok := env.Event.(event.ScriptStep); ok {
				left.b.Leave()
				return
			}
		}
	}()
	err := left.runner.RunInRoom(context.Background(), left.b, waiting, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "the bot left the room") {
		t.Fatalf("script while the bot leaves: %v", err)
	}
	if room := left.b.Room(); room.ConnectionState() != lksdk.ConnectionStateConnected {
		t.Fatalf("RunInRoom closed the bot: its room is %s", room.ConnectionState())
	}
	left.close()

	// pion's transports wind down just after Close returns; allow them time.
	lktest.WaitNoLeaks(t, ignore)
}
