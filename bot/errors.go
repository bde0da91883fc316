package bot

import (
	"errors"
	"fmt"
)

// Errors a caller can check with errors.Is.
var (
	// ErrNotPublished: the source has no published track.
	ErrNotPublished = errors.New("not published")
	// ErrAlreadyPublished: the source already has a published track.
	ErrAlreadyPublished = errors.New("already published")
	// ErrNotAllowed: the token lacks the permission the operation needs.
	ErrNotAllowed = errors.New("not allowed")
	// ErrUnreachable: nothing answered at the server URL.
	ErrUnreachable = errors.New("server unreachable")
	// ErrConnectTimeout: the join did not finish within the connect
	// timeout. It is also ErrUnreachable.
	ErrConnectTimeout = fmt.Errorf("connect timeout: %w", ErrUnreachable)
	// ErrICEFailed: the server answered signalling, but the media
	// connection (ICE and DTLS) never came up.
	ErrICEFailed = errors.New("media connection failed")
	// ErrNotConnected: the bot is not in a room.
	ErrNotConnected = errors.New("not connected")
	// ErrNotApplied: the server did not confirm an update in time.
	ErrNotApplied = errors.New("not applied by the server")
	// ErrDataTooLarge: a data payload exceeds LiveKit's limit.
	ErrDataTooLarge = errors.New("data payload too large")
	// ErrUnknownSource: a track source name lkbot does not know.
	ErrUnknownSource = errors.New("unknown source")
	// ErrInterrupted: the context ended before the bot had joined.
	ErrInterrupted = errors.New("interrupted before joining")

	// The session ended without the bot asking; a SessionEndError carries
	// one of these.

	// ErrRemoved: the server removed the bot (PARTICIPANT_REMOVED).
	ErrRemoved = errors.New("removed by the server")
	// ErrRoomDeleted: the room was deleted or closed (ROOM_DELETED, ROOM_CLOSED).
	ErrRoomDeleted = errors.New("room deleted")
	// ErrDuplicateIdentity: another participant joined with the bot's
	// identity (DUPLICATE_IDENTITY).
	ErrDuplicateIdentity = errors.New("duplicate identity")
	// ErrConnectionLost: the connection dropped and could not be restored.
	ErrConnectionLost = errors.New("connection lost")
	// ErrTokenExpired: with --rejoin, the token the bot was given expired
	// while it was out of its room.
	ErrTokenExpired = errors.New("the token expired")
)
