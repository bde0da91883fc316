package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestServerKilledExitsConnectionLost: after the server dies, lkbot says
// it is reconnecting, and when the SDK gives up (about a minute of retries)
// it exits with the connection-lost code, the events file ending with
// disconnected. At the default level none of the SDK's retry errors show.
// The test kills a server of its own, so that no other test loses theirs.
func TestServerKilledExitsConnectionLost(t *testing.T) {
	srv := lktest.Start(t)
	events := filepath.Join(t.TempDir(), "events.jsonl")
	r := startJoin("join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "doomed", "--identity", "bot", "--camera", "none", "--mic", "none", "--events", events, "--duration", "5m")
	waitForEvent(t, r, events, "connected")
	if err := srv.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	waitForEvent(t, r, events, "reconnecting")
	code := r.wait(t, 3*time.Minute, "the server died")
	t.Logf("lkbot gave up %s after the server died", time.Since(killed).Round(time.Second))
	stderr := r.stderr.String()
	if code != exitConnectionLost {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitConnectionLost, stderr)
	}
	checkEndsWithDisconnected(t, events, "SIGNAL_CLOSE")
	for _, want := range []string{
		"WARN\tconnection to the server lost; reconnecting",
		"WARN\tsession ended: connection to the server lost, and reconnecting failed",
	} {
		if strings.Count(stderr, want) != 1 {
			t.Errorf("want one line %q in stderr:\n%s", want, stderr)
		}
	}
	if want := "connection to the server lost, and reconnecting failed (SIGNAL_CLOSE)"; !isErrorLine(lastLine(stderr), want) {
		t.Errorf("last line %q, want %q", lastLine(stderr), want)
	}
	if strings.Contains(stderr, "lksdk") || strings.Contains(stderr, "ERROR") {
		t.Errorf("the SDK's lines reached stderr at the default level:\n%s", stderr)
	}
}
