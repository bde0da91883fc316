package admin

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// Errors a caller can check with errors.Is. Each wraps the server's own
// words where it gave any.
var (
	// ErrRefused: the server answered the request with an error.
	ErrRefused = errors.New("the server refused")
	// ErrCredentials: the server did not accept the API key and secret.
	ErrCredentials = errors.New("the server rejected the credentials (check the API key and secret)")
	// ErrUnreachable: nothing answered at the URL.
	ErrUnreachable = errors.New("server unreachable")
	// ErrTimeout: the server did not answer within the client's timeout.
	ErrTimeout = errors.New("no answer from the server")
	// ErrNotLiveKit: something answered at the URL, but not LiveKit's API.
	ErrNotLiveKit = errors.New("not a LiveKit server")
	// ErrServerFailed: the server crashed handling the request.
	ErrServerFailed = errors.New("the server failed")
	// ErrNotFound: the room, participant or track named does not exist.
	ErrNotFound = errors.New("not found")
)

// notFound says what does not exist; errors.Is matches ErrNotFound.
type notFound struct{ what string }

func (e notFound) Error() string        { return e.what + " does not exist" }
func (e notFound) Is(target error) bool { return target == ErrNotFound }

func errNotFound(format string, args ...any) error {
	return notFound{what: fmt.Sprintf(format, args...)}
}

// InvalidError is a request lkbot will not send: a required value is
// missing or a value is malformed. Field names the param (as the CLI's flag)
// when one param is at fault.
type InvalidError struct {
	Field   string
	Problem string
}

func (e *InvalidError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + " " + e.Problem
}

func invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// required checks that each named value is set; pairs are name, value.
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return invalid(pairs[i], "is required")
		}
	}
	return nil
}

// twirpPrefix matches the "twirp error <code>: " that the server and the
// client each put in front of a message, sometimes twice.
var twirpPrefix = regexp.MustCompile(`^(twirp error [a-z_]+: )+`)

// describe turns an API error into one line. ctx is the call's own context,
// to tell our timeout from the server's errors; url is the server's address
// (it holds no secret: lksdk sends the token in a header).
func describe(ctx context.Context, err error, url string, timeout time.Duration) error {
	if err == nil {
		return nil
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w within %s", ErrTimeout, timeout)
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("interrupted: %w", context.Canceled)
	}
	var se lksdk.ServerError
	if !errors.As(err, &se) {
		return fmt.Errorf("%w: %s", ErrRefused, oneLine(err.Error()))
	}
	msg := oneLine(twirpPrefix.ReplaceAllString(se.Msg(), ""))
	low := strings.ToLower(msg)
	switch code := string(se.Code()); {
	case low == "request canceled", strings.Contains(low, "deadline exceeded"):
		// lksdk's transport enforces our deadline itself, so its error can
		// come a moment before ctx reports it.
		return fmt.Errorf("%w within %s", ErrTimeout, timeout)
	case code == "unauthenticated", code == "permission_denied":
		return ErrCredentials
	case strings.Contains(low, "failed to do request"):
		return transportError(low, msg, url, timeout)
	case code == "bad_route", code == "malformed", strings.Contains(low, "error from intermediary"):
		return fmt.Errorf("%w: %s answered %q", ErrNotLiveKit, url, msg)
	case code == "internal" && low == "internal service panic":
		// Twirp's words for a handler that crashed; the server's log says more.
		return fmt.Errorf("%w: it crashed handling this request (its log says why)", ErrServerFailed)
	}
	return fmt.Errorf("%w: %s", ErrRefused, msg)
}

func transportError(low, msg, url string, timeout time.Duration) error {
	switch {
	case strings.Contains(low, "deadline exceeded"), strings.Contains(low, "timeout"):
		return fmt.Errorf("%w within %s", ErrTimeout, timeout)
	case strings.Contains(low, "connection refused"), strings.Contains(low, "no such host"),
		strings.Contains(low, "network is unreachable"), strings.Contains(low, "no route to host"):
		return fmt.Errorf("%w at %s (is LiveKit running at this URL?)", ErrUnreachable, url)
	}
	return fmt.Errorf("%w at %s: %s", ErrUnreachable, url, msg)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
