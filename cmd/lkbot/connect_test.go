package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

// checkOneLine: stderr is exactly one line, lkbot's, containing want.
func checkOneLine(t *testing.T, stderr, want string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "lkbot") || !strings.Contains(lines[0], want) {
		t.Fatalf("want one line containing %q, got %d lines:\n%s", want, len(lines), stderr)
	}
}

// TestSignalWhileConnecting: SIGTERM while the join waits on a server that
// never answers ends lkbot at once, with one line and exit 1. The connect
// timeout is far away, so only the signal can end the run.
func TestSignalWhileConnecting(t *testing.T) {
	silent := lktest.StartSilent(t)
	r := startJoin("join", "--url", silent.URL(), "--api-key", "k", "--api-secret", "s", "--room", "r", "--connect-timeout", "10m")
	select {
	case <-silent.Requested(): // the SDK now waits for the WebSocket handshake's answer
	case <-r.done:
		t.Fatalf("lkbot ended before connecting (exit %d): %s", r.code, r.stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("lkbot never connected to the silent server")
	}
	signalled := time.Now()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Without the fix the join ran to its old hard-coded 20 s timeout.
	code := r.wait(t, 10*time.Second, "SIGTERM while connecting")
	t.Logf("lkbot ended %s after SIGTERM", time.Since(signalled).Round(time.Millisecond))
	if code != exitFailure {
		t.Errorf("exit code %d, want %d", code, exitFailure)
	}
	checkOneLine(t, r.stderr.String(), "connect "+silent.URL()+": interrupted before joining")
}

// TestConnectTimeoutBoundsTheJoin: --connect-timeout bounds the whole
// join, the SDK's validate call and retries included.
func TestConnectTimeoutBoundsTheJoin(t *testing.T) {
	silent := lktest.StartSilent(t)
	r := startJoin("join", "--url", silent.URL(), "--api-key", "k", "--api-secret", "s", "--room", "r", "--connect-timeout", "1s")
	// lksdk alone would take its per-attempt timeout plus a 3 s validate
	// call; the old hard-coded timeout was 20 s.
	code := r.wait(t, 15*time.Second, "a 1s connect timeout")
	if code != exitFailure {
		t.Errorf("exit code %d, want %d", code, exitFailure)
	}
	checkOneLine(t, r.stderr.String(), "connect "+silent.URL()+": no answer within 1s")
}

// TestConnectErrorsAreOneLine: at the default log level a failed join
// prints lkbot's one line and nothing from the SDK, and that line gives
// the server's reason or the TLS mismatch in plain words.
func TestConnectErrorsAreOneLine(t *testing.T) {
	srv := lktest.Start(t)
	wss := "wss" + strings.TrimPrefix(srv.URL(), "ws")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown key", []string{"--url", srv.URL(), "--api-key", "nobody", "--api-secret", lktest.DistinctSecret},
			"the server rejected the credentials: invalid API key: nobody (check the API key and secret, or the token)"},
		{"wrong secret", []string{"--url", srv.URL(), "--api-key", lktest.DistinctKey, "--api-secret", "not-the-right-secret-value-123456"},
			"the server rejected the credentials: invalid token: token signature is invalid"},
		{"wss to a plain server", []string{"--url", wss, "--api-key", srv.APIKey(), "--api-secret", srv.APISecret()},
			"connect " + wss + ": TLS handshake failed: the server speaks plain HTTP (use ws:// or http://)"},
		{"unreachable", []string{"--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s"},
			"server unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"join", "--room", "r", "--duration", "1s"}, tt.args...)...)
			if code != exitFailure {
				t.Errorf("exit code %d, want %d", code, exitFailure)
			}
			checkOneLine(t, stderr, tt.want)
			if strings.Contains(stderr, "eyJ") {
				t.Errorf("a token reached stderr: %s", stderr)
			}
		})
	}
}
