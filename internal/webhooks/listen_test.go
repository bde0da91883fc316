package webhooks

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:0"} {
		if _, err := Listen(addr, false); !errors.Is(err, ErrNotLoopback) {
			t.Errorf("%s: %v, want ErrNotLoopback", addr, err)
		}
	}
	if _, err := Listen("127.0.0.1", false); err == nil || err.Error() != `address "127.0.0.1": want HOST:PORT, e.g. 127.0.0.1:8089` {
		t.Errorf("no port: %v", err)
	}
	for _, host := range []string{"127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost", "LOCALHOST"} {
		if !IsLoopback(host) {
			t.Errorf("%s is loopback", host)
		}
	}
	ln, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	_ = ln.Close()
}

func TestServeStopsGracefully(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ln, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	var s sink
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, newTestHandler(&s)) }()
	client := &http.Client{Transport: &http.Transport{}}
	res, err := client.Post("http://"+ln.Addr().String()+"/", "application/webhook+json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	client.CloseIdleConnections()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(ShutdownTimeout + time.Second):
		t.Fatal("Serve did not return")
	}
}
