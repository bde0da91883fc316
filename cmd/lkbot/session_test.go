package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/internal/lktest"
)

// joinRun is `lkbot join` running in this process.
type joinRun struct {
	done           chan struct{}
	code           int
	stdout, stderr syncBuffer
}

// startJoin runs lkbot with args on a goroutine. Give every run a
// --duration or an end the test causes: the run cannot be stopped from
// outside but by a signal.
func startJoin(args ...string) *joinRun {
	r := &joinRun{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.code = run(append([]string{"lkbot"}, args...), &r.stdout, &r.stderr)
	}()
	return r
}

// wait returns the run's exit code. limit only guards against a hang: a
// run still going after it failed to notice its end.
func (r *joinRun) wait(t *testing.T, limit time.Duration, what string) int {
	t.Helper()
	select {
	case <-r.done:
		return r.code
	case <-time.After(limit):
		t.Fatalf("lkbot join still running %s after %s; stderr:\n%s", limit, what, r.stderr.String())
		return 0
	}
}

// lastLine is the last line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// isErrorLine: line is lkbot's one-line error with message msg.
func isErrorLine(line, msg string) bool {
	return strings.HasPrefix(line, "lkbot") && strings.HasSuffix(line, ": "+msg)
}

// readEvents decodes the JSON lines in path.
func readEvents(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev map[string]any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("events file line %q: %v", sc.Text(), err)
		}
		out = append(out, ev)
	}
	return out
}

// waitForEvent waits until the events file at path holds an event of typ.
func waitForEvent(t *testing.T, r *joinRun, path, typ string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(path); err == nil && strings.Contains(string(data), `"type":"`+typ+`"`) {
			return
		}
		select {
		case <-r.done:
			t.Fatalf("lkbot join ended (exit %d) before %s: %s", r.code, typ, r.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("no %s event in %s; stderr:\n%s", typ, path, r.stderr.String())
}

// checkEndsWithDisconnected: the events file's last event is disconnected,
// with reason.
func checkEndsWithDisconnected(t *testing.T, path, reason string) {
	t.Helper()
	evs := readEvents(t, path)
	if len(evs) == 0 {
		t.Fatalf("no events in %s", path)
	}
	last := evs[len(evs)-1]
	if last["type"] != "disconnected" || last["reason"] != reason {
		t.Fatalf("last event %v, want disconnected with reason %s", last, reason)
	}
}

func roomClient(srv *lktest.Server) *lksdk.RoomServiceClient {
	return lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
}

// freeAddr is a loopback address nothing listens on at the moment.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestSessionEndExitCodes: each way a joined bot can end gives its own exit
// code and a last line that says why, and the events file ends with
// disconnected and LiveKit's reason. Only planned ends exit 0.
func TestSessionEndExitCodes(t *testing.T) {
	srv := lktest.Start(t)
	admin := roomClient(srv)
	ctx := context.Background()
	tests := []struct {
		name     string
		extra    []string
		end      func(t *testing.T, room string, r *joinRun, extra []string)
		code     int
		reason   string
		lastLine string // lkbot's error, after its prefix; "" for a planned end
	}{
		{name: "duration", extra: []string{"--duration", "1s"}, code: exitOK, reason: "CLIENT_INITIATED"},
		{name: "signal", code: exitOK, reason: "CLIENT_INITIATED", end: func(t *testing.T, _ string, _ *joinRun, _ []string) {
			// run() turns SIGTERM into cancelling its context while it runs.
			if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "leave command", extra: []string{"--http", freeAddr(t)}, code: exitOK, reason: "CLIENT_INITIATED", end: func(t *testing.T, _ string, _ *joinRun, extra []string) {
			resp, err := http.Post("http://"+extra[1]+"/v1/commands/leave", "application/json", strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}},
		{name: "script held", extra: []string{"--script", writeScript(t, "steps:\n  - wait_for: {type: connected}\n    timeout: 10s\n")},
			code: exitOK, reason: "CLIENT_INITIATED"},
		{name: "script failed", extra: []string{"--script", writeScript(t, "steps:\n  - wait_for: {type: participant_joined, identity: nobody}\n    timeout: 1s\n")},
			code: exitFailure, reason: "CLIENT_INITIATED", lastLine: `script failed: step 1 (wait_for identity=nobody type=participant_joined): timed out after 1s`},
		{name: "removed", code: exitRemoved, reason: "PARTICIPANT_REMOVED", lastLine: "removed from the room by the server (PARTICIPANT_REMOVED)",
			end: func(t *testing.T, room string, _ *joinRun, _ []string) {
				if _, err := admin.RemoveParticipant(ctx, &livekit.RoomParticipantIdentity{Room: room, Identity: "bot"}); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "room deleted", code: exitRoomDeleted, reason: "ROOM_DELETED", lastLine: "the room was deleted (ROOM_DELETED)",
			end: func(t *testing.T, room string, _ *joinRun, _ []string) {
				if _, err := admin.DeleteRoom(ctx, &livekit.DeleteRoomRequest{Room: room}); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "duplicate identity", code: exitDuplicateIdentity, reason: "DUPLICATE_IDENTITY", lastLine: `another participant joined as "bot" (DUPLICATE_IDENTITY)`,
			end: func(t *testing.T, room string, _ *joinRun, _ []string) {
				twin := startJoin("join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
					"--room", room, "--identity", "bot", "--camera", "none", "--mic", "none", "--duration", "1s")
				if code := twin.wait(t, 30*time.Second, "its 1s duration"); code != exitOK {
					t.Fatalf("the twin exited %d: %s", code, twin.stderr.String())
				}
			}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			room := "end" + string(rune('a'+i))
			events := filepath.Join(t.TempDir(), "events.jsonl")
			args := []string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
				"--room", room, "--identity", "bot", "--camera", "none", "--mic", "none", "--events", events}
			if tt.extra == nil || tt.extra[0] != "--duration" {
				args = append(args, "--duration", "2m") // a net, should the end go unnoticed
			}
			r := startJoin(append(args, tt.extra...)...)
			waitForEvent(t, r, events, "connected")
			if tt.end != nil {
				tt.end(t, room, r, tt.extra)
			}
			code := r.wait(t, 90*time.Second, "its end")
			stderr := r.stderr.String()
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if tt.lastLine != "" && !isErrorLine(lastLine(stderr), tt.lastLine) {
				t.Errorf("last line %q, want lkbot's error %q", lastLine(stderr), tt.lastLine)
			}
			checkEndsWithDisconnected(t, events, tt.reason)
			level := "INFO\tleft the room"
			if tt.reason != "CLIENT_INITIATED" {
				level = "WARN\tsession ended: "
			}
			if !strings.Contains(stderr, level) {
				t.Errorf("no %q line in stderr:\n%s", level, stderr)
			}
		})
	}
}

// TestEveryRunEndsWithDisconnected: ten short runs, with and without
// tracks, append to one events file; each run's events start with
// connected and end with disconnected.
func TestEveryRunEndsWithDisconnected(t *testing.T) {
	srv := lktest.Start(t)
	events := filepath.Join(t.TempDir(), "events.jsonl")
	const runs = 10
	for i := range runs {
		args := []string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
			"--room", "loop", "--duration", "1s", "--events", events}
		if i%2 == 0 {
			args = append(args, "--camera", "none", "--mic", "none")
		} else {
			args = append(args, "--resolution", "160x90", "--fps", "5")
		}
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("run %d: exit %d: %s", i, code, stderr)
		}
	}
	evs := readEvents(t, events)
	var starts, ends int
	for i, ev := range evs {
		switch ev["type"] {
		case "connected":
			starts++
			if i > 0 && evs[i-1]["type"] != "disconnected" {
				t.Errorf("run %d: the run before ended with %v, not disconnected", starts, evs[i-1])
			}
		case "disconnected":
			ends++
			if ev["reason"] != "CLIENT_INITIATED" {
				t.Errorf("disconnected with reason %v, want CLIENT_INITIATED", ev["reason"])
			}
		}
	}
	if starts != runs || ends != runs || evs[len(evs)-1]["type"] != "disconnected" {
		t.Fatalf("%d connected and %d disconnected events for %d runs, last %v", starts, ends, runs, evs[len(evs)-1])
	}
}

// TestEventsOverwrite: --events-overwrite starts the file afresh.
func TestEventsOverwrite(t *testing.T) {
	srv := lktest.Start(t)
	events := filepath.Join(t.TempDir(), "events.jsonl")
	if err := os.WriteFile(events, []byte(`{"type":"from an earlier run"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "over", "--duration", "1s", "--camera", "none", "--mic", "none", "--events", events}
	if code, _, stderr := runCLI(t, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if evs := readEvents(t, events); evs[0]["type"] != "from an earlier run" {
		t.Fatalf("the earlier run's event was not kept: first event %v", evs[0])
	}
	if code, _, stderr := runCLI(t, append(args, "--events-overwrite")...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	evs := readEvents(t, events)
	if evs[0]["type"] != "connected" || len(evs) != 2 {
		t.Fatalf("--events-overwrite kept earlier lines: %v", evs)
	}
}
