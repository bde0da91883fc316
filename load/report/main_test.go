package report

import (
	"os"
	"testing"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/logging"
)

// TestMain silences the SDK's process-wide logger for the tests that run
// bots: their state changes would bury a failure's own lines.
func TestMain(m *testing.M) {
	logging.InstallSDKLogger(zap.NewNop())
	os.Exit(m.Run())
}
