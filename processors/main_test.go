package processors

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: every
// Effect's worker must stop when it is closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
