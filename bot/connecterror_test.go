package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

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
		{"timeout", lksdk.ErrConnectionTimeout, ErrUnreachable, "server unreachable"},
		{"deadline", context.DeadlineExceeded, ErrUnreachable, "server unreachable"},
		{"unauthorized", errors.New("unauthorized: invalid API key"), ErrNotAllowed, "rejected the credentials"},
		{"other", fmt.Errorf("dial ws://h/rtc?access_token=abc.def.ghi&x=1: bad\nmore"), nil, "access_token=[REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := describeConnectError("ws://h", tt.err)
			if !strings.HasPrefix(err.Error(), "connect ws://h: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "abc.def.ghi") {
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
