package load

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"
)

// TestRampKeepsOrderAndSchedule: bots start in arrival order, none before
// its time, and ending the context stops the ramp.
func TestRampKeepsOrderAndSchedule(t *testing.T) {
	c := planConfig(3, 1, 0, 3)
	plan := Plan(c, Shard{Index: 1, Count: 2})
	start := time.Now()
	var launched []int
	n := ramp(t.Context(), start, plan, 200, func(i int) {
		if now := time.Now(); now.Before(start.Add(plan[i].Offset(200))) {
			t.Errorf("bot %d started %s early", i, start.Add(plan[i].Offset(200)).Sub(now))
		}
		launched = append(launched, i)
	})
	if n != len(plan) || len(launched) != len(plan) {
		t.Fatalf("started %d of %d", n, len(plan))
	}
	for i, v := range launched {
		if v != i {
			t.Fatalf("launch order %v", launched)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	n = ramp(ctx, time.Now(), Plan(c, Whole), MinRamp, func(int) { cancel() })
	if n != 1 {
		t.Fatalf("after the context ended the ramp started %d, want 1", n)
	}
}

// TestSlowJoinsDoNotSlowTheRamp: against a server that accepts
// connections and never answers, every join hangs until the connect
// timeout; all of them still start while the first is hanging, and each
// ends as a timeout.
func TestSlowJoinsDoNotSlowTheRamp(t *testing.T) {
	url := silentServer(t)
	c := validConfig()
	c.Bot.URL, c.Bot.ConnectTimeout = url, 3*time.Second
	c.Rooms, c.Subscribers, c.Ramp = 4, 5, 100
	r, err := NewRunner(Params{Config: c})
	if err != nil {
		t.Fatal(err)
	}
	res := r.Run(t.Context())
	first := res.Outcomes[0]
	firstEnded := first.Started.Add(first.JoinTime)
	for _, o := range res.Outcomes {
		if o.Failure != FailureTimeout {
			t.Errorf("%s: %s %q, want timeout", o.Member.Identity, o.Failure, o.Error)
		}
		if !o.Started.Before(firstEnded) {
			t.Errorf("%s started after the first join had ended: joins waited for each other", o.Member.Identity)
		}
	}
}

// silentServer accepts TCP connections on loopback and never answers; it
// closes them and itself when the test ends.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "ws://" + ln.Addr().String()
}
