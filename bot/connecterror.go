package bot

import (
	"context"
	"errors"
	"net"
	"os"
	"regexp"
	"strings"
	"syscall"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// describeConnectError turns the SDK's join errors into one line that says
// what is wrong, keeping the SDK's error as the cause for errors.Is and
// errors.As. The line never includes the token: the SDK's errors can carry
// the signalling URL, whose query holds it.
func describeConnectError(url string, err error) error {
	prefix := "connect " + url + ": "
	switch {
	case rejectedCredentials(err):
		return &connectError{msg: prefix + "the server rejected the credentials (check the API key and secret, or the token)", kind: ErrNotAllowed, cause: err}
	case unreachable(err):
		return &connectError{msg: prefix + "server unreachable (is LiveKit running at this URL?)", kind: ErrUnreachable, cause: err}
	}
	return &connectError{msg: prefix + firstLine(stripURLs(err.Error())), cause: err}
}

// rejectedCredentials: lksdk reports the server's 401 on its validate call
// as a plain error whose text starts with "unauthorized: " (engine.go,
// validate); it exports no sentinel for it, so only that prefix is matched.
func rejectedCredentials(err error) bool {
	return strings.HasPrefix(err.Error(), "unauthorized")
}

// unreachable reports errors that mean nothing answered at the URL.
func unreachable(err error) bool {
	var dnsErr *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, lksdk.ErrConnectionTimeout) ||
		errors.As(err, &dnsErr)
}

// connectError is a one-line message over the SDK's error.
type connectError struct {
	msg   string
	kind  error // a sentinel of this package, or nil
	cause error
}

func (e *connectError) Error() string { return e.msg }

func (e *connectError) Unwrap() []error {
	if e.kind == nil {
		return []error{e.cause}
	}
	return []error{e.kind, e.cause}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

var accessTokenRe = regexp.MustCompile(`access_token=[^&"\s]*`)

// stripURLs removes access_token query values from s.
func stripURLs(s string) string {
	return accessTokenRe.ReplaceAllString(s, "access_token=[REDACTED]")
}
