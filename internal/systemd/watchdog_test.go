package systemd

import (
	"context"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// interval is the test's WATCHDOG_USEC: pings every 50 ms.
const interval = 100 * time.Millisecond

func enableWatchdog(t *testing.T, pid int) {
	t.Helper()
	t.Setenv("WATCHDOG_USEC", strconv.Itoa(int(interval/time.Microsecond)))
	t.Setenv("WATCHDOG_PID", strconv.Itoa(pid))
}

// startWatchdog runs n.Watchdog on a goroutine the test owns; the
// returned channel closes when it returns.
func startWatchdog(ctx context.Context, n *Notifier, alive func() bool) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Watchdog(ctx, alive)
	}()
	return done
}

func returned(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatalf("Watchdog did not return %s", what)
	}
}

func TestWatchdogPingsOnlyWhileAlive(t *testing.T) {
	conn := listen(t)
	enableWatchdog(t, os.Getpid())
	var alive atomic.Bool
	alive.Store(true)
	sawDead := make(chan struct{}, 1)
	probe := func() bool {
		if alive.Load() {
			return true
		}
		select {
		case sawDead <- struct{}{}:
		default:
		}
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startWatchdog(ctx, New(nil), probe)

	for range 3 {
		if got := next(t, conn, wait); got != "WATCHDOG=1" {
			t.Fatalf("got %q, want WATCHDOG=1", got)
		}
	}

	alive.Store(false)
	// Once the loop has seen false, every ping it sent before is already
	// queued: drain them, then nothing may arrive for several intervals.
	select {
	case <-sawDead:
	case <-time.After(wait):
		t.Fatal("the loop never asked alive() again")
	}
	for {
		if _, err := read(conn, 10*time.Millisecond); err != nil {
			break
		}
	}
	quiet(t, conn, 5*interval)

	alive.Store(true)
	if got := next(t, conn, wait); got != "WATCHDOG=1" {
		t.Fatalf("after alive again: got %q, want WATCHDOG=1", got)
	}

	cancel()
	returned(t, done, "after its context was cancelled")
}

func TestWatchdogReturnsWithoutAWatchdog(t *testing.T) {
	for name, set := range map[string]func(t *testing.T){
		"no WATCHDOG_USEC":         func(t *testing.T) {},
		"another process's":        func(t *testing.T) { enableWatchdog(t, os.Getpid()+1) },
		"unreadable WATCHDOG_USEC": func(t *testing.T) { t.Setenv("WATCHDOG_USEC", "soon") },
	} {
		t.Run(name, func(t *testing.T) {
			conn := listen(t)
			set(t)
			done := startWatchdog(context.Background(), New(nil), func() bool { return true })
			returned(t, done, "with no watchdog to feed")
			quiet(t, conn, 2*interval)
		})
	}
}
