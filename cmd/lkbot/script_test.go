package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

func writeScript(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func joinArgs(srv *lktest.Server, extra ...string) []string {
	return append([]string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "qa", "--identity", "bot", "--resolution", "320x180", "--fps", "10"}, extra...)
}

// TestScriptChatEcho: the chat echo scenario answers an independent peer
// and the run exits 0.
func TestScriptChatEcho(t *testing.T) {
	srv := lktest.Start(t)
	script := writeScript(t, `
steps:
  - repeat: 2
    steps:
      - wait_for: {type: data_received, topic: chat}
        timeout: 20s
      - do: send_data
        params: {payload: "echo: ${text}", topic: chat}
`)
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := runCLI(t, joinArgs(srv, "--script", script, "--camera", "none", "--mic", "none")...)
		done <- result{code, out, errOut}
	}()
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "qa", "tester"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return (e.Type == "participant_connected" && e.Participant == "bot") || (e.Type == "connected" && contains(e.Participants, "bot"))
	}); err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"one", "two"} {
		if err := node.Send(testpeer.SendData{Payload: msg, Topic: "chat", Reliable: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "data" && e.Payload == "echo: "+msg }); err != nil {
			select {
			case r := <-done:
				t.Logf("lkbot exited %d: %s", r.code, r.stderr)
			default:
			}
			t.Fatalf("no echo of %q: %v", msg, err)
		}
	}
	select {
	case r := <-done:
		if r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("script did not end")
	}
}

// TestScriptFailsNamingTheStep: an expectation that is never met fails the
// run with a non-zero exit and names the step and what it waited for.
func TestScriptFailsNamingTheStep(t *testing.T) {
	srv := lktest.Start(t)
	script := writeScript(t, `
steps:
  - do: mute
    params: {source: camera, muted: true}
  - wait_for: {type: track_muted, local: true, source: camera}
    timeout: 5s
  - name: nobody comes
    wait_for: {type: participant_joined, identity: nobody}
    timeout: 1s
`)
	code, _, stderr := runCLI(t, joinArgs(srv, "--script", script)...)
	if code != exitFailure {
		t.Fatalf("exit %d, want %d", code, exitFailure)
	}
	want := `lkbot join: script failed: step 3 "nobody comes" (wait_for identity=nobody type=participant_joined): timed out after 1s`
	if !strings.Contains(stderr, want) {
		t.Fatalf("stderr %q, want %q", stderr, want)
	}
	expect := writeScript(t, "steps:\n  - expect: {type: data_received, topic: never}\n    timeout: 1s\n")
	code, _, stderr = runCLI(t, joinArgs(srv, "--script", expect, "--camera", "none", "--mic", "none")...)
	if code != exitFailure || !strings.Contains(stderr, "step 1 (expect topic=never type=data_received): not seen within its timeout") {
		t.Fatalf("expect: exit %d, %q", code, stderr)
	}
	bad := writeScript(t, "steps:\n  - do: dance\n")
	expectOneLineError(t, exitUsage, `unknown method "dance"`, joinArgs(srv, "--script", bad)...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestScriptSeesWhoWasThere: a script waits for a participant, and its
// track, that were in the room before the bot joined; connected is the
// first event of the run.
func TestScriptSeesWhoWasThere(t *testing.T) {
	srv := lktest.Start(t)
	joinAdminPeer(t, srv, "qa", "first", true)
	script := writeScript(t, `
steps:
  - wait_for: {type: participant_joined, identity: first}
    timeout: 10s
  - wait_for: {type: track_published, participant: first, source: microphone}
    timeout: 10s
`)
	events := filepath.Join(t.TempDir(), "events.jsonl")
	code, _, stderr := runCLI(t, joinArgs(srv, "--script", script, "--camera", "none", "--mic", "none", "--events", events)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(events)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(data), "\n"); !strings.Contains(first, `"type":"connected"`) {
		t.Fatalf("first event %s, want connected; every event:\n%s", first, data)
	}
}

// TestScriptCheckedBeforeJoining: a misspelt event type or field, or bad
// params, fail the run with exit code 2 and the step named, before the bot
// tries to join: here the server does not even exist.
func TestScriptCheckedBeforeJoining(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"steps:\n  - wait_for: {type: participant_joind}\n", `step 1 (wait_for type=participant_joind): unknown event type "participant_joind" (did you mean "participant_joined"?)`},
		{"steps:\n  - do: status\n  - wait_for: {type: participant_joined, identty: qa}\n", `step 2 (wait_for identty=qa type=participant_joined): participant_joined has no field "identty" (did you mean "identity"?)`},
		{"steps:\n  - do: mute\n    params: {source: webcam, muted: true}\n", `step 1 (do mute): param "source": unknown source "webcam"`},
	} {
		path := writeScript(t, tc.body)
		expectOneLineError(t, exitUsage, tc.want, "join", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--room", "r", "--script", path)
	}
}
