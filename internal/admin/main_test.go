package admin

import (
	"os"
	"testing"

	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

func TestMain(m *testing.M) {
	// lksdk and pion log every state change; the server's log says more.
	lksdk.SetLogger(logger.GetDiscardLogger())
	os.Exit(m.Run())
}
