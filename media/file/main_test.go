package file

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine running: the
// sources start none, and must not start to.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
