package webhooks

import (
	"os"
	"testing"

	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

func TestMain(m *testing.M) {
	lksdk.SetLogger(logger.GetDiscardLogger())
	os.Exit(m.Run())
}
