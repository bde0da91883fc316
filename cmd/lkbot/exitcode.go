package main

import "errors"

// Exit codes, documented in README.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
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
	return exitFailure
}

// usageError marks a bad flag, config or argument: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }
