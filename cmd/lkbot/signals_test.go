package main

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestSIGTERMLeavesWithinTwoSeconds: SIGTERM makes lkbot join leave its
// room and exit 0 within 2 s, and the server has dropped the participant
// by then, because it was told (a bot that just vanished would stay
// listed for 20 s or more).
func TestSIGTERMLeavesWithinTwoSeconds(t *testing.T) {
	srv := lktest.Start(t)
	cmd, out, events := childJoin(t, srv, "term", "--resolution", "320x180")
	waitForLines(t, events, `"type":"track_published"`, 2)
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := exitOf(t, cmd, out.String())
	took := time.Since(sent)
	t.Logf("exit %d %v after SIGTERM", code, took.Round(time.Millisecond))
	if code != exitOK || took > 2*time.Second {
		t.Fatalf("exit %d after %v, want 0 within 2 s; output:\n%s", code, took, out.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := roomClient(srv).ListParticipants(ctx, &livekit.ListParticipantsRequest{Room: "term"})
	if err != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Logf("listing participants: %v (the room is gone: the bot left)", err)
	}
	for _, p := range list.GetParticipants() {
		if p.Identity == "bot" {
			t.Errorf("the server still lists the bot (state %s) after it exited: it did not leave", p.State)
		}
	}
}

// TestSecondSignalExitsAtOnce: a second SIGINT, 20 ms after the first,
// does not wait for the leave: lkbot exits at once with 130.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	srv := lktest.Start(t)
	cmd, out, events := childJoin(t, srv, "twice", "--resolution", "320x180")
	waitForLines(t, events, `"type":"track_published"`, 2)
	// Two signals sent together may reach the process as one (a pending
	// signal is not queued twice); the leave takes some 300 ms.
	for range 2 {
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := exitOf(t, cmd, out.String()); code != 130 {
		t.Fatalf("exit %d after two SIGINTs, want 130; output:\n%s", code, out.String())
	}
}

// childJoin runs lkbot join as a child process, as identity "bot" in
// room, with --duration 2m as a net and its events in a file of its own,
// whose path it returns; extra flags come last.
func childJoin(t *testing.T, srv *lktest.Server, room string, extra ...string) (*exec.Cmd, *syncBuffer, string) {
	t.Helper()
	events := filepath.Join(t.TempDir(), "events.jsonl")
	args := []string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", room, "--identity", "bot", "--duration", "2m", "--events", events}
	cmd, out := startChild(t, nil, append(args, extra...)...)
	return cmd, out, events
}

// exitOf waits for cmd, at most 10 s, and returns its exit code.
func exitOf(t *testing.T, cmd *exec.Cmd, output string) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(10 * time.Second):
		t.Fatalf("lkbot still running 10 s after the signal; output:\n%s", output)
		return -1
	}
}
