package lktest

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

// LeakWait is how long WaitNoLeaks gives goroutines to end: pion's
// transports wind down just after the close that stops them returns.
const LeakWait = 10 * time.Second

// WaitNoLeaks fails t unless, within LeakWait, no goroutine is left beyond
// those opts ignore (typically goleak.IgnoreCurrent() taken at the start).
func WaitNoLeaks(t testing.TB, opts ...goleak.Option) {
	t.Helper()
	var err error
	for deadline := time.Now().Add(LeakWait); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err = goleak.Find(opts...); err == nil {
			return
		}
	}
	t.Fatal(err)
}
