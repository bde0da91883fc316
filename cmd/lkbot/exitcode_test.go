package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
)

// TestExitCodeForEveryDisconnectReason: every reason LiveKit can give for
// ending a session maps to an exit code, and only the bot's own leave is
// a success. Through bot.Bot, the session's end reaches exitCode wrapped.
func TestExitCodeForEveryDisconnectReason(t *testing.T) {
	want := map[livekit.DisconnectReason]int{
		livekit.DisconnectReason_CLIENT_INITIATED:    exitOK,
		livekit.DisconnectReason_PARTICIPANT_REMOVED: exitRemoved,
		livekit.DisconnectReason_ROOM_DELETED:        exitRoomDeleted,
		livekit.DisconnectReason_ROOM_CLOSED:         exitRoomDeleted,
		livekit.DisconnectReason_DUPLICATE_IDENTITY:  exitDuplicateIdentity,
		livekit.DisconnectReason_SERVER_SHUTDOWN:     exitConnectionLost,
		livekit.DisconnectReason_SIGNAL_CLOSE:        exitConnectionLost,
		livekit.DisconnectReason_CONNECTION_TIMEOUT:  exitConnectionLost,
		livekit.DisconnectReason_MEDIA_FAILURE:       exitConnectionLost,
		livekit.DisconnectReason_STATE_MISMATCH:      exitConnectionLost,
		livekit.DisconnectReason_JOIN_FAILURE:        exitConnectionLost,
		livekit.DisconnectReason_MIGRATION:           exitConnectionLost,
		livekit.DisconnectReason_UNKNOWN_REASON:      exitConnectionLost,
	}
	for v, name := range livekit.DisconnectReason_name {
		reason := livekit.DisconnectReason(v)
		err := bot.SessionEnd(reason, "bot")
		code := exitCode(err)
		if err != nil {
			code = exitCode(fmt.Errorf("script failed: %w", err))
		}
		if w, ok := want[reason]; ok && code != w {
			t.Errorf("%s: exit code %d, want %d", name, code, w)
		}
		if reason != livekit.DisconnectReason_CLIENT_INITIATED && code == exitOK {
			t.Errorf("%s exits 0; only the bot's own leave may", name)
		}
		var ended *bot.SessionEndError
		if err != nil && (!errors.As(err, &ended) || ended.Reason != name) {
			t.Errorf("%s: %v does not carry its reason", name, err)
		}
	}
}
