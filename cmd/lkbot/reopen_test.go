package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestSIGHUPReopensEvents: logrotate moves the events file away and sends
// SIGHUP; lkbot goes on writing to a new file at the path, and the moved
// one keeps what came before.
func TestSIGHUPReopensEvents(t *testing.T) {
	srv := lktest.Start(t)
	cmd, out, events := childJoin(t, srv, "rotate", "--camera", "none", "--mic", "none")
	waitForLines(t, events, `"type":"connected"`, 1)
	rotated := events + ".1"
	if err := os.Rename(events, rotated); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	// The new file appears when lkbot reopens; then it leaves.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(events); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new events file 10 s after SIGHUP; output:\n%s", out.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitOf(t, cmd, out.String()); code != exitOK {
		t.Fatalf("exit %d; output:\n%s", code, out.String())
	}
	old, _ := os.ReadFile(rotated)
	fresh, _ := os.ReadFile(events)
	if !strings.Contains(string(old), `"type":"connected"`) || !strings.Contains(string(fresh), `"type":"disconnected"`) || strings.Contains(string(old), `"type":"disconnected"`) {
		t.Errorf("rotated file:\n%s\nnew file:\n%s\nwant connected in the first and disconnected in the second", old, fresh)
	}
}
