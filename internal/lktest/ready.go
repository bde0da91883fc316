package lktest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"
)

// errPortTaken marks a startup that lost a race for one of its ports.
var errPortTaken = errors.New("port taken")

// settleTime is how long Start waits after the first HTTP 200.
const settleTime = 200 * time.Millisecond

// waitReady polls GET / until it answers 200, the process exits, or the
// deadline passes.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if s.answers(ctx, client) {
			return s.settle(ctx)
		}
		select {
		case <-s.exited:
			return s.startupExitError()
		case <-ctx.Done():
			return fmt.Errorf("%w at %s: %w (log: %s)", ErrNotReady, s.HTTPURL(), ctx.Err(), s.LogPath())
		case <-tick.C:
		}
	}
}

// settle waits out the moment after livekit-server starts serving HTTP and
// before it counts itself running (100 ms in v1.13.5): a SIGTERM inside that
// window is lost, and Close would have to kill the process.
func (s *Server) settle(ctx context.Context) error {
	t := time.NewTimer(settleTime)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-s.exited:
		return s.startupExitError()
	case <-ctx.Done():
		return fmt.Errorf("%w at %s: %w", ErrNotReady, s.HTTPURL(), ctx.Err())
	}
}

func (s *Server) answers(ctx context.Context, client *http.Client) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.HTTPURL()+"/", nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// startupExitError explains an exit during startup with the log's last line.
func (s *Server) startupExitError() error {
	log, _ := os.ReadFile(s.LogPath())
	last := lastLine(log)
	if bytes.Contains(log, []byte("address already in use")) {
		return fmt.Errorf("%w: %w: %s", ErrExited, errPortTaken, last)
	}
	return fmt.Errorf("%w (%v): %s (log: %s)", ErrExited, s.exitErr, last, s.LogPath())
}

func lastLine(b []byte) string {
	b = bytes.TrimRight(b, "\n")
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return string(b)
}
