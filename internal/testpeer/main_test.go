package testpeer_test

import (
	"os"
	"testing"

	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

func TestMain(m *testing.M) {
	// lksdk and pion log every state change to stderr; the peers' events
	// and the server's log say what a failing test needs.
	lksdk.SetLogger(logger.GetDiscardLogger())
	os.Exit(m.Run())
}
