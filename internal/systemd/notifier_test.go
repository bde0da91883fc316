package systemd

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/systemd/systemdtest"
)

// wait bounds every read that expects a datagram: long enough for a
// loaded CI machine, short enough that a hang fails fast.
const wait = 5 * time.Second

// listen plays systemd (see systemdtest.Listen).
func listen(t *testing.T) *net.UnixConn { return systemdtest.Listen(t) }

// next is the next datagram, or a failure after d.
func next(t *testing.T, conn *net.UnixConn, d time.Duration) string {
	t.Helper()
	msg, err := read(conn, d)
	if err != nil {
		t.Fatalf("no datagram within %s: %v", d, err)
	}
	return msg
}

// read is the next datagram to arrive within d.
func read(conn *net.UnixConn, d time.Duration) (string, error) {
	buf := make([]byte, 4096)
	if err := conn.SetReadDeadline(time.Now().Add(d)); err != nil {
		return "", err
	}
	n, err := conn.Read(buf)
	return string(buf[:n]), err
}

// quiet fails if any datagram arrives within d.
func quiet(t *testing.T, conn *net.UnixConn, d time.Duration) {
	t.Helper()
	msg, err := read(conn, d)
	if err == nil {
		t.Fatalf("got %q, want nothing for %s", msg, d)
	}
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatal(err)
	}
}

func TestNotifierSendsEachStateOnce(t *testing.T) {
	conn := listen(t)
	n := New(nil)
	n.Ready()
	n.Ready()
	n.Status("in room lobby,\n2 participants")
	n.Stopping()
	// Datagrams from one sender arrive in order, so a second READY=1
	// would come before STATUS.
	for _, want := range []string{"READY=1", "STATUS=in room lobby, 2 participants", "STOPPING=1"} {
		if got := next(t, conn, wait); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	quiet(t, conn, 100*time.Millisecond)
}

func TestNotifierWithoutSystemdDoesNothing(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	t.Setenv("WATCHDOG_USEC", "100000")
	t.Setenv("WATCHDOG_PID", strconv.Itoa(os.Getpid()))
	n := New(nil)
	n.Ready()
	n.Status("idle")
	n.Stopping()
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Watchdog(context.Background(), func() bool { return true })
	}()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("Watchdog without NOTIFY_SOCKET did not return")
	}
}

// A socket that has gone away is logged, not fatal: the bot runs on.
func TestNotifierSurvivesAMissingSocket(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", filepath.Join(t.TempDir(), "gone"))
	n := New(nil)
	n.Ready()
	n.Status("idle")
	n.Stopping()
}
