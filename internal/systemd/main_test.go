package systemd

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if a watchdog loop outlives its
// context.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
