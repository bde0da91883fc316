package lktest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Option changes the Config that Start uses.
type Option func(*Config)

// WithWebhook has the server post its webhooks to url.
func WithWebhook(url string) Option {
	return func(c *Config) { c.Webhooks = append(c.Webhooks, url) }
}

// WithRTCTCP also opens a port for ICE over TCP (see Config.RTCTCP).
func WithRTCTCP() Option {
	return func(c *Config) { c.RTCTCP = true }
}

// WithLogLevel sets the server's log level (debug, info, warn, error).
func WithLogLevel(level string) Option {
	return func(c *Config) { c.LogLevel = level }
}

// Start launches a server for the test and stops it in t.Cleanup. The
// server's output is printed only if the test fails. A missing binary fails
// the test with a message that says how to build it.
//
// Under -short it skips the test: this is the one place that decides that
// a test needs a server, so `go test -short ./...` runs with none.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	SkipShort(t)
	cfg := Config{Dir: t.TempDir()}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := StartServer(context.Background(), cfg)
	if err != nil {
		if !errors.Is(err, ErrBinaryNotFound) {
			logServerOutput(t, filepath.Join(cfg.Dir, "server.log"))
		}
		t.Fatalf("lktest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Logf("lktest: %v", err)
		}
		if t.Failed() {
			logServerOutput(t, s.LogPath())
		}
	})
	return s
}

func logServerOutput(t testing.TB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	t.Logf("livekit-server output (%s):\n%s", path, b)
}

// SkipShort skips t under -short: it needs a LiveKit server or the Node
// test peer. Start calls it; call it directly only in a test that must
// skip before it starts anything.
func SkipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs a LiveKit server (run without -short)")
	}
}
