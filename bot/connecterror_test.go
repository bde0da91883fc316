package bot

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

func TestDescribeConnectError(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name string
		err  error
		kind error
		want string
	}{
		{"refused", fmt.Errorf("validate: %w", refused), ErrUnreachable, "server unreachable"},
		{"dns", &net.DNSError{Err: "no such host", Name: "nowhere"}, ErrUnreachable, "server unreachable"},
		{"ice", lksdk.ErrConnectionTimeout, ErrICEFailed, "the media connection (ICE) never came up"},
		{"deadline", context.DeadlineExceeded, ErrUnreachable, "server unreachable"},
		{"unknown key", errors.New("unauthorized: invalid API key: nobody"), ErrNotAllowed, "the server rejected the credentials: invalid API key: nobody (check"},
		{"bad signature", errors.New("unauthorized: invalid token: " + testJWT + ", error: token signature is invalid"), ErrNotAllowed, "rejected the credentials: invalid token: token signature is invalid (check"},
		{"no reason", errors.New("unauthorized: "), ErrNotAllowed, "the server rejected the credentials (check"},
		{"interrupted", ErrInterrupted, ErrInterrupted, "interrupted before joining"},
		{"connect timeout", &connectTimeoutError{limit: 1500 * time.Millisecond}, ErrConnectTimeout, "no answer within 1.5s"},
		{"connect timeout is unreachable", &connectTimeoutError{limit: time.Second}, ErrUnreachable, "no answer within 1s"},
		{"tls to plain dial", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, nil, "TLS handshake failed: the server speaks plain HTTP (use ws:// or http://)"},
		{"tls to plain validate", fmt.Errorf("Get \"https://h/rtc/validate\": %w", errors.New("http: server gave HTTP response to HTTPS client")), nil, "the server speaks plain HTTP"},
		{"untrusted certificate", &tls.CertificateVerificationError{Err: errors.New("x509: certificate signed by unknown authority")}, nil, "certificate is not trusted: x509: certificate signed by unknown authority"},
		{"other", fmt.Errorf("dial ws://h/rtc?access_token=abc.def.ghi&x=1: bad\nmore"), nil, "access_token=[REDACTED]"},
		{"token quoted", errors.New("odd answer quoting " + testJWT), nil, "odd answer quoting [REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := describeConnectError("ws://h", testJWT, tt.err)
			if !strings.HasPrefix(err.Error(), "connect ws://h: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "abc.def.ghi") || strings.Contains(err.Error(), testJWT) {
				t.Errorf("error %q is not one clean line", err)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.kind)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("the SDK's error is not kept as the cause")
			}
		})
	}
}

// testJWT is shaped like a LiveKit token; it must never reach an error.
const testJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl"

// FuzzDescribeConnectError: whatever the server or the SDK answers, the
// line is one line, never holds the token, and keeps the cause.
func FuzzDescribeConnectError(f *testing.F) {
	for _, s := range []string{
		"unauthorized: invalid API key: nobody",
		"unauthorized: invalid token: " + testJWT + ", error: token is expired",
		"unauthorized: ",
		"unavailable: no nodes",
		"dial ws://h/rtc?access_token=" + testJWT + ": bad\nmore",
		"http: server gave HTTP response to HTTPS client",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		cause := errors.New(msg)
		err := describeConnectError("ws://h", testJWT, cause)
		if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), testJWT) {
			t.Fatalf("%q became %q", msg, err)
		}
		if !errors.Is(err, cause) {
			t.Fatal("the cause is lost")
		}
	})
}
