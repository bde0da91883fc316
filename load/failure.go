package load

import (
	"errors"

	"github.com/lkbot/lkbot/bot"
)

// Failure classifies why a bot did not join.
type Failure string

// The classes of join failure.
const (
	// FailureRefused: the server refused the bot (credentials, token,
	// permissions): bot.ErrNotAllowed.
	FailureRefused Failure = "refused"
	// FailureUnreachable: nothing answered (connection refused, no such
	// host): bot.ErrUnreachable.
	FailureUnreachable Failure = "unreachable"
	// FailureTimeout: the join did not finish within the connect
	// timeout: bot.ErrConnectTimeout.
	FailureTimeout Failure = "timeout"
	// FailureICE: signalling worked, but the media connection never came
	// up: bot.ErrICEFailed.
	FailureICE Failure = "ice_failed"
	// FailureOther: anything else, such as a track the server would not
	// take.
	FailureOther Failure = "other"
	// FailureInterrupted: the run was stopped (a signal) while the bot was
	// joining. It says nothing about the server, so it is no failure for
	// --max-join-failures.
	FailureInterrupted Failure = "interrupted"
)

// Failures lists the classes that count against --max-join-failures, in
// the order reports give them.
func Failures() []Failure {
	return []Failure{FailureRefused, FailureUnreachable, FailureTimeout, FailureICE, FailureOther}
}

// classify says which class a join error belongs to.
func classify(err error) Failure {
	switch {
	case errors.Is(err, bot.ErrInterrupted):
		return FailureInterrupted
	case errors.Is(err, bot.ErrNotAllowed):
		return FailureRefused
	case errors.Is(err, bot.ErrConnectTimeout):
		return FailureTimeout
	case errors.Is(err, bot.ErrICEFailed):
		return FailureICE
	case errors.Is(err, bot.ErrUnreachable):
		return FailureUnreachable
	}
	return FailureOther
}
