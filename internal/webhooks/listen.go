package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Errors Listen returns for an address it will not use.
var (
	// ErrNotLoopback: the address would accept webhooks from other
	// machines, and that was not allowed.
	ErrNotLoopback = errors.New("not a loopback address")
	// ErrBadAddress: the address is not HOST:PORT.
	ErrBadAddress = errors.New("want HOST:PORT, e.g. 127.0.0.1:8089")
)

// ShutdownTimeout bounds the wait for requests in flight when Serve stops.
const ShutdownTimeout = 5 * time.Second

// Listen opens a TCP listener on addr (host:port; port 0 picks one). Unless
// allowRemote, the host must be a loopback address or "localhost": an empty
// host or 0.0.0.0 would accept webhooks from anywhere.
func Listen(addr string, allowRemote bool) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", addr, ErrBadAddress)
	}
	if !allowRemote && !IsLoopback(host) {
		return nil, fmt.Errorf("address %q: %w (webhooks carry room data)", addr, ErrNotLoopback)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// IsLoopback reports whether host names only this machine: "localhost" or
// a loopback IP. An empty host means every interface.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Serve answers h's requests on ln until ctx ends, then stops taking new
// ones and waits up to ShutdownTimeout for those in flight. It closes ln.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve webhooks: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("stop webhook listener: %w", err)
	}
	return nil
}
