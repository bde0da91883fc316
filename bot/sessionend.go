package bot

import (
	"fmt"

	"github.com/livekit/protocol/livekit"
)

// SessionEndError says why the session ended when the bot did not ask to
// leave. Run and Close return it; errors.Is matches ErrRemoved,
// ErrRoomDeleted, ErrDuplicateIdentity or ErrConnectionLost, when one
// applies.
type SessionEndError struct {
	// Reason is LiveKit's disconnect reason, such as PARTICIPANT_REMOVED.
	Reason string
	kind   error
	msg    string
}

func (e *SessionEndError) Error() string { return e.msg + " (" + e.Reason + ")" }

// Unwrap returns the sentinel for the reason, or nil.
func (e *SessionEndError) Unwrap() error { return e.kind }

// SessionEnd is what a session of identity that ended for reason means to
// the caller: nil when the bot asked to leave, a *SessionEndError
// otherwise. Run and Close return it.
func SessionEnd(reason livekit.DisconnectReason, identity string) error {
	e := &SessionEndError{Reason: reason.String()}
	switch reason {
	case livekit.DisconnectReason_CLIENT_INITIATED:
		return nil
	case livekit.DisconnectReason_PARTICIPANT_REMOVED:
		e.kind, e.msg = ErrRemoved, "removed from the room by the server"
	case livekit.DisconnectReason_ROOM_DELETED:
		e.kind, e.msg = ErrRoomDeleted, "the room was deleted"
	case livekit.DisconnectReason_ROOM_CLOSED:
		e.kind, e.msg = ErrRoomDeleted, "the room was closed"
	case livekit.DisconnectReason_DUPLICATE_IDENTITY:
		e.kind, e.msg = ErrDuplicateIdentity, fmt.Sprintf("another participant joined as %q", identity)
	case livekit.DisconnectReason_SERVER_SHUTDOWN:
		e.kind, e.msg = ErrConnectionLost, "the server shut down"
	case livekit.DisconnectReason_SIGNAL_CLOSE, livekit.DisconnectReason_CONNECTION_TIMEOUT,
		livekit.DisconnectReason_MEDIA_FAILURE, livekit.DisconnectReason_STATE_MISMATCH,
		livekit.DisconnectReason_JOIN_FAILURE, livekit.DisconnectReason_MIGRATION,
		livekit.DisconnectReason_UNKNOWN_REASON:
		e.kind, e.msg = ErrConnectionLost, "connection to the server lost, and reconnecting failed"
	default:
		e.msg = "disconnected by the server"
	}
	return e
}
