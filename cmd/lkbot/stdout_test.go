package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
)

// childArgsEnv carries the arguments of an lkbot run in a child process,
// as a JSON list.
const childArgsEnv = "LKBOT_TEST_CHILD_ARGS"

// TestChildProcess is lkbot itself when a test starts this binary with
// childArgsEnv set: the test needs a real stdout (fd 1), whose broken
// pipe Go handles unlike any other writer's. Otherwise it skips.
func TestChildProcess(t *testing.T) {
	args := os.Getenv(childArgsEnv)
	if args == "" {
		t.Skip("runs only as the child of TestClosedStdoutLeaves")
	}
	var list []string
	if err := json.Unmarshal([]byte(args), &list); err != nil {
		t.Fatal(err)
	}
	os.Exit(run(append([]string{"lkbot"}, list...), os.Stdout, os.Stderr))
}

// TestClosedStdoutLeaves: with --events -, a reader that goes away after
// the first line (as `| head -1` does) ends lkbot cleanly: it leaves the
// room, so the server drops the participant at once instead of keeping a
// ghost for 20 s, and exits 0.
func TestClosedStdoutLeaves(t *testing.T) {
	srv := lktest.Start(t)
	admin := roomClient(srv)
	args := []string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "piped", "--identity", "bot", "--camera", "none", "--mic", "none", "--events", "-", "--duration", "2m"}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$")
	encoded, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), childArgsEnv+"="+string(encoded))
	var stderr syncBuffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(first, `"type":"connected"`) {
		t.Fatalf("first line %q, %v; want the connected event; stderr:\n%s", first, err, stderr.String())
	}
	stdout.Close() // the reader goes away
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Make the bot write again: the room's metadata changes, an event.
	ctx := context.Background()
	if _, err := admin.UpdateRoomMetadata(ctx, &livekit.UpdateRoomMetadataRequest{Room: "piped", Metadata: "poke"}); err != nil {
		t.Fatal(err)
	}
	select {
	case err = <-exited:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("lkbot kept running after its stdout closed; stderr:\n%s", stderr.String())
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		t.Fatalf("lkbot ended with %v, want exit 0; stderr:\n%s", err, stderr.String())
	} else if err != nil {
		t.Fatal(err)
	}
	// A participant that left is gone at once; a ghost stays 20 s.
	eventually(t, 5*time.Second, "the server dropped the bot", func() bool { return !inRoom(ctx, admin, "piped", "bot") })
	if !strings.Contains(stderr.String(), "the events reader went away; left the room") {
		t.Errorf("lkbot did not say why it left:\n%s", stderr.String())
	}
}

// inRoom asks the server whether identity is in room.
func inRoom(ctx context.Context, admin interface {
	ListParticipants(context.Context, *livekit.ListParticipantsRequest) (*livekit.ListParticipantsResponse, error)
}, room, identity string) bool {
	res, err := admin.ListParticipants(ctx, &livekit.ListParticipantsRequest{Room: room})
	if err != nil {
		return false
	}
	for _, p := range res.Participants {
		if p.Identity == identity {
			return true
		}
	}
	return false
}

// eventually polls cond until it holds, or fails the test after timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting until %s", what)
}
