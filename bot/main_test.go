package bot

import (
	"os"
	"testing"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/logging"
)

// TestMain silences the SDK's process-wide logger, which the test peers'
// rooms use; each bot logs to its own test logger.
func TestMain(m *testing.M) {
	logging.InstallSDKLogger(zap.NewNop())
	os.Exit(m.Run())
}
