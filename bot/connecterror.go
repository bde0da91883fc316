package bot

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"strings"
	"syscall"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// describeConnectError turns the SDK's join errors into one line that says
// what is wrong, keeping the SDK's error as the cause for errors.Is and
// errors.As. The line never includes the token: the SDK's errors can carry
// the signalling URL, whose query holds it, and the server's answer to a
// bad token quotes it.
func describeConnectError(url, token string, err error) error {
	prefix := "connect " + url + ": "
	var timeout *connectTimeoutError
	switch {
	case errors.Is(err, ErrInterrupted):
		return &connectError{msg: prefix + "interrupted before joining", kind: ErrInterrupted, cause: err}
	case errors.As(err, &timeout):
		return &connectError{msg: prefix + timeout.Error() + " (is LiveKit running at this URL? the connect timeout sets how long to wait)", kind: ErrConnectTimeout, cause: err}
	case rejectedCredentials(err):
		return &connectError{msg: prefix + "the server rejected the credentials" + serverReason(err, token) + " (check the API key and secret, or the token)", kind: ErrNotAllowed, cause: err}
	case plainServer(err):
		return &connectError{msg: prefix + "TLS handshake failed: the server speaks plain HTTP (use ws:// or http://)", cause: err}
	case untrustedCertificate(err) != nil:
		return &connectError{msg: prefix + "TLS handshake failed: the server's certificate is not trusted: " + firstLine(untrustedCertificate(err).Err.Error()), cause: err}
	case errors.Is(err, lksdk.ErrConnectionTimeout):
		return &connectError{msg: prefix + "the server answered, but the media connection (ICE) never came up (are its UDP/TCP RTC ports reachable from here? does it advertise the right node IP?)", kind: ErrICEFailed, cause: err}
	case unreachable(err):
		return &connectError{msg: prefix + "server unreachable (is LiveKit running at this URL?)", kind: ErrUnreachable, cause: err}
	}
	return &connectError{msg: prefix + firstLine(redact(err.Error(), token)), cause: err}
}

// connectTimeoutError: the join did not finish within the connect timeout.
type connectTimeoutError struct{ limit time.Duration }

func (e *connectTimeoutError) Error() string { return fmt.Sprintf("no answer within %s", e.limit) }

// rejectedCredentials: lksdk reports the server's 401 on its validate call
// as a plain error whose text starts with "unauthorized: " (engine.go,
// validate); it exports no sentinel for it, so only that prefix is matched.
func rejectedCredentials(err error) bool {
	return strings.HasPrefix(err.Error(), unauthorizedPrefix)
}

const unauthorizedPrefix = "unauthorized: "

// serverReason is the server's own words for a 401, which lksdk appends to
// its "unauthorized: " prefix, as ": reason", or "" when there are none.
// LiveKit quotes a rejected token in its answer ("invalid token: <jwt>,
// error: <why>"); only the why is kept.
func serverReason(err error, token string) string {
	reason := strings.TrimSpace(strings.TrimPrefix(firstLine(err.Error()), unauthorizedPrefix))
	if rest, ok := strings.CutPrefix(reason, "invalid token: "); ok {
		reason = "invalid token"
		if _, why, ok := strings.Cut(rest, ", error: "); ok {
			reason += ": " + why
		}
	}
	reason = redact(reason, token)
	if len(reason) > maxReasonLen {
		reason = reason[:maxReasonLen] + "…"
	}
	if reason == "" {
		return ""
	}
	return ": " + reason
}

// maxReasonLen bounds the server's words in a one-line error.
const maxReasonLen = 200

// plainServer: a TLS client met a server that answered in plain HTTP.
// crypto/tls reports a first record that is not TLS as a RecordHeaderError;
// net/http, which lksdk's validate call uses, turns that into a plain error
// whose text is the only trace left.
func plainServer(err error) bool {
	var rh tls.RecordHeaderError
	return errors.As(err, &rh) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// untrustedCertificate finds the failed verification of the server's TLS
// certificate in err, or returns nil.
func untrustedCertificate(err error) *tls.CertificateVerificationError {
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return verify
	}
	return nil
}

// unreachable reports errors that mean nothing answered at the URL.
func unreachable(err error) bool {
	var dnsErr *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, os.ErrDeadlineExceeded) ||
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

var (
	accessTokenRe = regexp.MustCompile(`access_token=[^&"\s]*`)
	jwtRe         = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
)

// redact removes the token, anything shaped like a JWT, and access_token
// query values from s.
func redact(s, token string) string {
	if token != "" {
		s = strings.ReplaceAll(s, token, "[REDACTED]")
	}
	s = jwtRe.ReplaceAllString(s, "[REDACTED]")
	return accessTokenRe.ReplaceAllString(s, "access_token=[REDACTED]")
}
