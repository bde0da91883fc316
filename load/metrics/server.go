package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// Path is where the metrics are served.
const Path = "/metrics"

// shutdownWait bounds how long Serve waits for scrapes in flight when
// its context ends.
const shutdownWait = 5 * time.Second

// Server serves an Exporter's metrics on a listening address.
type Server struct {
	ln   net.Listener
	http *http.Server
}

// Listen listens on addr (host:port; port 0 picks a free one) for
// scrapes of e's metrics, so that a taken address fails before the run
// starts. Serve must follow, and ends the listener.
func Listen(addr string, e *Exporter) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("metrics: %s is already in use: choose another address", addr)
		}
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(Path, e.Handler())
	return &Server{ln: ln, http: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers scrapes until ctx ends, then lets scrapes in flight
// finish (up to a few seconds) and returns once every goroutine it
// started has ended. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context) error {
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("metrics: serve on %s: %w", s.Addr(), err)
	case <-ctx.Done():
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownWait)
	defer cancel()
	err := s.http.Shutdown(stopCtx)
	if err != nil {
		_ = s.http.Close()
	}
	<-served
	if err != nil {
		return fmt.Errorf("metrics: shut down %s: %w", s.Addr(), err)
	}
	return nil
}
