// Package systemdtest plays systemd's side of the notify protocol in
// tests.
package systemdtest

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// Listen opens a unixgram socket in a temporary directory, points
// NOTIFY_SOCKET at it and clears WATCHDOG_USEC and WATCHDOG_PID; the test
// sets those when it wants a watchdog. The socket closes when the test
// ends.
func Listen(t testing.TB) *net.UnixConn {
	t.Helper()
	dir, err := os.MkdirTemp("", "sd") // t.TempDir's path can pass the 108-byte limit of a socket's
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	t.Setenv("NOTIFY_SOCKET", path)
	t.Setenv("WATCHDOG_USEC", "")
	t.Setenv("WATCHDOG_PID", "")
	return conn
}
