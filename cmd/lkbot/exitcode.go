package main

import (
	"errors"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/load"
)

// Exit codes, documented in README's "Errors and exit codes".
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// The session ended without the bot asking: scripts and systemd's
	// Restart=on-failure must not read these as success.
	exitRemoved           = 10
	exitRoomDeleted       = 11
	exitDuplicateIdentity = 12
	exitConnectionLost    = 13
	// With --rejoin, the given token expired while the bot was out.
	exitTokenExpired = 14
	// A load run held but broke a threshold (--max-join-failures).
	exitThresholdBroken = 20
)

// exitCode maps the error a command returned to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	var ended *bot.SessionEndError
	if errors.As(err, &ended) {
		return sessionEndCode(ended)
	}
	var broken *load.ThresholdError
	if errors.As(err, &broken) {
		return exitThresholdBroken
	}
	return exitFailure
}

// sessionEndCode is the exit code for why the server or the network ended
// a session.
func sessionEndCode(ended *bot.SessionEndError) int {
	switch {
	case errors.Is(ended, bot.ErrRemoved):
		return exitRemoved
	case errors.Is(ended, bot.ErrRoomDeleted):
		return exitRoomDeleted
	case errors.Is(ended, bot.ErrDuplicateIdentity):
		return exitDuplicateIdentity
	case errors.Is(ended, bot.ErrConnectionLost):
		return exitConnectionLost
	case errors.Is(ended, bot.ErrTokenExpired):
		return exitTokenExpired
	}
	return exitFailure
}

// usageError marks a bad flag, config or argument: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }
