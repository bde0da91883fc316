package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/systemd/systemdtest"
)

// TestJoinNotifiesSystemd: under systemd (NOTIFY_SOCKET set) lkbot join
// says READY=1 once the bot is in its room and publishing, pings the
// watchdog, and says STOPPING=1 when it leaves.
func TestJoinNotifiesSystemd(t *testing.T) {
	conn := systemdtest.Listen(t)
	t.Setenv("WATCHDOG_USEC", "400000")

	srv := lktest.Start(t)
	r := startJoin("join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "notify", "--identity", "bot", "--resolution", "320x180", "--duration", "4s")
	var got []string
	buf := make([]byte, 4096)
	for !slices.Contains(got, "STOPPING=1") {
		if err := conn.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
			t.Fatal(err)
		}
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("after %q: %v; stderr:\n%s", got, err, r.stderr.String())
		}
		got = append(got, strings.Split(strings.TrimSpace(string(buf[:n])), "\n")...)
	}
	if code := r.wait(t, 30*time.Second, "its 4s duration"); code != exitOK {
		t.Fatalf("exit %d: %s", code, r.stderr.String())
	}
	pings := 0
	for _, m := range got {
		if m == "WATCHDOG=1" {
			pings++
		}
	}
	t.Logf("%d datagrams, %d watchdog pings", len(got), pings)
	if got[0] != "READY=1" || pings < 3 {
		t.Errorf("datagrams %q: want READY=1 first, then watchdog pings every 200 ms, then STOPPING=1", got)
	}
}
