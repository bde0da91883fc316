package crossbuild

import (
	"os"
	"testing"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/logging"
)

// TestMain silences the SDK's process-wide logger, which the host
// subscriber's peer connections would otherwise log to stderr through.
func TestMain(m *testing.M) {
	logging.InstallSDKLogger(zap.NewNop())
	os.Exit(m.Run())
}
