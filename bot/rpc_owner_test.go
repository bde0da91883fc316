package bot

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
)

// performRPCGoroutines counts the goroutines running lksdk's call for
// PerformRPC.
func performRPCGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "bot.(*Bot).PerformRPC.func")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// TestPerformRPCOwnedByBot: PerformRPC returns as soon as its context
// ends, while lksdk's call, which cannot be cancelled, runs on until its
// timeout on a goroutine the bot owns; Close waits for that goroutine, and
// a call after Close is refused.
func TestPerformRPCOwnedByBot(t *testing.T) {
	srv := lktest.Start(t)
	// The callee answers only when the test ends, after the caller's
	// timeout.
	started, release := stalledCallee(t, srv, "wait")
	var err error
	ignore := goleak.IgnoreCurrent()
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic = "none", "none" })

	// lksdk's timeout is the context's deadline: long enough that the call
	// is surely still running when Close starts.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	go func() {
		<-started
		cancel()
	}()
	_, err = b.PerformRPC(ctx, "callee", "wait", "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PerformRPC after its context ended: %v, want context.Canceled", err)
	}
	if n := performRPCGoroutines(); n != 1 {
		t.Fatalf("%d goroutines run lksdk's call after PerformRPC returned, want 1 (it outlives the context)", n)
	}
	b.Close()
	if n := performRPCGoroutines(); n != 0 {
		t.Fatalf("%d goroutines still run lksdk's call after Close", n)
	}
	if _, err := b.PerformRPC(context.Background(), "callee", "wait", ""); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("PerformRPC after Close: %v, want ErrNotConnected", err)
	}

	release()
	// pion's transports wind down just after Close returns; allow them time.
	lktest.WaitNoLeaks(t, ignore)
}

// TestCloseDuringRPCIsBounded: Close waits for lksdk's call, which cannot
// be cancelled, but no longer than RPCTimeout after the call began, however
// long the caller's context (lkbot call --timeout 10m) and even when the
// peer never answers.
func TestCloseDuringRPCIsBounded(t *testing.T) {
	srv := lktest.Start(t)
	// The callee acknowledges the call and then never answers.
	started, _ := stalledCallee(t, srv, "never")
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic = "none", "none" })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	called := time.Now()
	go func() { _, _ = b.PerformRPC(ctx, "callee", "never", "") }()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the callee never received the call")
	}
	closing := time.Now()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		b.Close()
	}()
	// A Close that waited for the context would take ten minutes; one
	// bounded by lksdk's RPCTimeout returns about RPCTimeout after the call
	// began. Fail well past that bound, not at its edge: lksdk's timer
	// starts inside its call, a little after ours, and fires late on a
	// busy machine.
	select {
	case <-closed:
	case <-time.After(time.Until(called.Add(RPCTimeout + 5*time.Second))):
		t.Fatalf("Close still waiting %s after it began, with an RPC in flight", time.Since(closing))
	}
	t.Logf("Close took %s with an unanswered RPC in flight (%s after the call began)", time.Since(closing), time.Since(called))
}

// stalledCallee joins "room" as "callee" with an RPC method that signals
// started and then answers only after release, which also makes the callee
// leave. The test's cleanup releases it too.
func stalledCallee(t *testing.T, srv *lktest.Server, method string) (started <-chan struct{}, release func()) {
	t.Helper()
	begun := make(chan struct{}, 1)
	unblock := make(chan struct{})
	callee, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", "callee"), lksdk.NewRoomCallback())
	if err != nil {
		t.Fatal(err)
	}
	release = sync.OnceFunc(func() {
		close(unblock)
		callee.Disconnect()
	})
	t.Cleanup(release)
	if err := callee.RegisterRpcMethod(method, func(lksdk.RpcInvocationData) (string, error) {
		begun <- struct{}{}
		<-unblock
		return "late", nil
	}); err != nil {
		t.Fatal(err)
	}
	return begun, release
}
