package bot

import (
	"os"
	"testing"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/logging"
)

// TestMain silences the SDK's process-wide logger, which the test peers'
// rooms use; each bot logs to its own test logger.
func TestMain(m *testing.M) {
	lksdk.SetLogger(logging.SDKLogger(zap.NewNop()))
	os.Exit(m.Run())
}
