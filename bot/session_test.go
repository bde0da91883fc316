package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// observedBot joins srv with a logger whose lines the test reads.
func observedBot(t *testing.T, srv *lktest.Server) (*Bot, *observer.ObservedLogs) {
	t.Helper()
	core, logs := observer.New(zapcore.DebugLevel)
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Camera, cfg.Mic = "room", "bot", "none", "none"
	b, err := New(Params{Config: cfg, Logger: zap.New(core)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, logs
}

// waitGathered waits until both peer connections have gathered their ICE
// candidates. pion/ice reads its server list in a gathering goroutine
// that nothing orders with the update a reconnect answer makes, so a
// reconnect while the publisher still gathers (it starts as Connect
// returns) is a data race inside pion, which -race reports. Seeing
// gathering complete orders the two.
func waitGathered(t *testing.T, b *Bot) {
	t.Helper()
	lp := b.Room().LocalParticipant
	eventually(t, 10*time.Second, "ICE gathering complete", func() bool {
		for _, pc := range []*webrtc.PeerConnection{lp.GetPublisherPeerConnection(), lp.GetSubscriberPeerConnection()} {
			if pc == nil || pc.ICEGatheringState() != webrtc.ICEGatheringStateComplete {
				return false
			}
		}
		return true
	})
}

// lkbotLines are the lines the bot logged itself, not the SDK's, at level.
func lkbotLines(logs *observer.ObservedLogs, level zapcore.Level, msg string) int {
	n := 0
	for _, e := range logs.All() {
		if e.LoggerName == "" && e.Level == level && e.Message == msg {
			n++
		}
	}
	return n
}

// TestReconnectIsLoggedInLkbotsWords: a dropped signal connection gives one
// WARN line when the SDK starts reconnecting and one INFO line when it is
// back, with the events to match.
func TestReconnectIsLoggedInLkbotsWords(t *testing.T) {
	srv := lktest.Start(t)
	b, logs := observedBot(t, srv)
	events := collect(t, b)
	waitGathered(t, b)
	b.Room().Simulate(lksdk.SimulateSignalReconnect)
	events.waitFor(20*time.Second, "reconnecting", func(ev event.Event) bool { _, ok := ev.(event.Reconnecting); return ok })
	events.waitFor(30*time.Second, "reconnected", func(ev event.Event) bool { _, ok := ev.(event.Reconnected); return ok })
	if n := lkbotLines(logs, zapcore.WarnLevel, "connection to the server lost; reconnecting"); n != 1 {
		t.Errorf("%d WARN reconnecting lines, want 1", n)
	}
	if n := lkbotLines(logs, zapcore.InfoLevel, "reconnected"); n != 1 {
		t.Errorf("%d INFO reconnected lines, want 1", n)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close after a reconnect: %v, want nil", err)
	}
	if n := lkbotLines(logs, zapcore.InfoLevel, "left the room"); n != 1 {
		t.Errorf("%d INFO left-the-room lines, want 1", n)
	}
}

// TestInterruptedConnectLeavesNothing: Connect returns ErrInterrupted as
// soon as its context ends, although lksdk's join is still waiting for
// the answer to its WebSocket handshake (gorilla/websocket heeds only the
// deadline there). Once the server goes away lksdk returns, and nothing
// the join started is left running.
func TestInterruptedConnectLeavesNothing(t *testing.T) {
	silent := lktest.StartSilent(t)
	ignore := goleak.IgnoreCurrent()
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Room = silent.URL(), "k", "s", "r"
	cfg.ConnectTimeout = 10 * time.Minute
	b, err := New(Params{Config: cfg, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	connected := make(chan error, 1)
	go func() { connected <- b.Connect(ctx) }()
	<-silent.Requested()
	cancel()
	select {
	case err = <-connected:
	case <-time.After(10 * time.Second): // the old join waited 20 s
		t.Fatal("Connect ignored its context")
	}
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Connect: %v, want ErrInterrupted", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	silent.Close() // lksdk's handshake fails, its validate call is refused
	lktest.WaitNoLeaks(t, ignore)
}
