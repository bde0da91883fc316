package command

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
)

// gatedTarget is a command target whose set_name and publish block until
// the test opens the gate of that name or source: slow commands on demand.
// set_name also ends with its context; publish, like the bot's, takes
// none.
type gatedTarget struct {
	started chan string // receives each name as its command starts

	mu    sync.Mutex
	gates map[string]chan struct{}
	names []string // applied, in order
}

func newGatedTarget() *gatedTarget {
	return &gatedTarget{started: make(chan string, 64), gates: map[string]chan struct{}{}}
}

func (g *gatedTarget) gate(name string) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gates[name] == nil {
		g.gates[name] = make(chan struct{})
	}
	return g.gates[name]
}

// open lets the set_name commands for names finish.
func (g *gatedTarget) open(names ...string) {
	for _, n := range names {
		close(g.gate(n))
	}
}

func (g *gatedTarget) SetName(ctx context.Context, name string) error {
	return g.pass(ctx, name)
}

func (g *gatedTarget) Publish(source livekit.TrackSource) error {
	return g.pass(context.Background(), bot.SourceName(source))
}

// pass waits at gate name and records that the command went through.
func (g *gatedTarget) pass(ctx context.Context, name string) error {
	g.started <- name
	select {
	case <-g.gate(name):
	case <-ctx.Done():
		return ctx.Err()
	}
	g.mu.Lock()
	g.names = append(g.names, name)
	g.mu.Unlock()
	return nil
}

func (g *gatedTarget) SetMuted(livekit.TrackSource, bool) error               { return nil }
func (g *gatedTarget) Unpublish(livekit.TrackSource, bool) error              { return nil }
func (g *gatedTarget) SetMetadata(context.Context, string) error              { return nil }
func (g *gatedTarget) SetAttributes(context.Context, map[string]string) error { return nil }
func (g *gatedTarget) SendData(bot.DataMessage) error                         { return nil }
func (g *gatedTarget) Status() bot.Status                                     { return bot.Status{} }
func (g *gatedTarget) Leave()                                                 {}
func (g *gatedTarget) SetBlur(float64) error                                  { return nil }
func (g *gatedTarget) SetBackground(string) error                             { return nil }
func (g *gatedTarget) ClearProcessor()                                        {}

func (g *gatedTarget) applied() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.names...)
}

// outcomes collects the answers dispatch hands back, by call ID.
type outcomes struct {
	mu   sync.Mutex
	errs map[string]*Error
	got  chan string
}

func newOutcomes() *outcomes { return &outcomes{errs: map[string]*Error{}, got: make(chan string, 64)} }

func (o *outcomes) answer(id string) func(any, *Error) {
	return func(_ any, err *Error) {
		o.mu.Lock()
		o.errs[id] = err
		o.mu.Unlock()
		o.got <- id
	}
}

// wait returns the answer to id, failing the test after a deadline.
func (o *outcomes) wait(t *testing.T, id string) *Error {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		o.mu.Lock()
		err, ok := o.errs[id]
		o.mu.Unlock()
		if ok {
			return err
		}
		select {
		case <-o.got:
		case <-deadline:
			t.Fatalf("no answer to %q", id)
		}
	}
}

func nameCall(id, name string) Call {
	params, _ := json.Marshal(map[string]string{"name": name})
	return Call{Method: "set_name", Params: params, Caller: "boss", Door: DoorData, ID: id}
}

func waitStarted(t *testing.T, g *gatedTarget, n int) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for range n {
		select {
		case <-g.started:
		case <-deadline:
			t.Fatalf("fewer than %d commands started", n)
		}
	}
}

// TestWorkersLimitAndRefusals: at most the limit of commands run at once;
// more are refused as busy, callers not on the allow list are refused
// without taking a worker, and every refusal is a command event.
func TestWorkersLimitAndRefusals(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	g := newGatedTarget()
	allow, _ := ParseAllowList([]string{"boss"})
	events := event.NewStream()
	sub := events.Subscribe(64)
	d := NewDispatcher(g, allow, events, nil)
	w := NewWorkers(2, time.Second, nil)
	out := newOutcomes()

	w.dispatch(d, nameCall("a", "A"), 0, out.answer("a"))
	w.dispatch(d, nameCall("b", "B"), 0, out.answer("b"))
	waitStarted(t, g, 2)
	w.dispatch(d, nameCall("c", "C"), 0, out.answer("c"))
	if err := out.wait(t, "c"); err == nil || !strings.HasPrefix(err.Message, "busy: 2 commands") {
		t.Fatalf("third command with two running: %v, want busy", err)
	}
	stranger := nameCall("s", "S")
	stranger.Caller = "mallory"
	w.dispatch(d, stranger, 0, out.answer("s"))
	if err := out.wait(t, "s"); err == nil || err.Code != CodeNotAuthorised {
		t.Fatalf("stranger's command while busy: %v, want not_authorised", err)
	}
	g.open("A", "B")
	for _, id := range []string{"a", "b"} {
		if err := out.wait(t, id); err != nil {
			t.Fatalf("command %s: %v", id, err)
		}
	}
	w.Close()
	events.Close()
	seen := map[string]string{}
	for env := range sub.C {
		if c, ok := env.Event.(event.Command); ok {
			seen[c.ID] = c.Outcome
		}
	}
	want := map[string]string{"a": "ok", "b": "ok", "c": "error", "s": "refused"}
	for id, o := range want {
		if seen[id] != o {
			t.Errorf("event for %s: %q, want %q (all: %v)", id, seen[id], o, seen)
		}
	}
}

// TestWorkersCloseWaitsThenRefuses: Close lets a running command finish,
// refuses new ones with an error that says why, and leaves no goroutine.
func TestWorkersCloseWaitsThenRefuses(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	g := newGatedTarget()
	allow, _ := ParseAllowList([]string{"boss"})
	d := NewDispatcher(g, allow, nil, nil)
	w := NewWorkers(4, time.Minute, nil)
	out := newOutcomes()
	w.dispatch(d, nameCall("running", "R"), 0, out.answer("running"))
	waitStarted(t, g, 1)

	closed := make(chan struct{})
	go func() {
		defer close(closed)
		w.Close()
	}()
	// Close has begun once new work is refused; probes accepted before
	// that finish at once.
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := w.Go("probe", func(context.Context) {})
		if err != nil && err.Code == CodeNotConnected {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("work still accepted after Close")
		}
		time.Sleep(time.Millisecond)
	}
	w.dispatch(d, nameCall("late", "L"), 0, out.answer("late"))
	if err := out.wait(t, "late"); err == nil || err.Code != CodeNotConnected || !strings.Contains(err.Message, "closed") {
		t.Fatalf("command after Close: %v, want a refusal saying the doors are closed", err)
	}
	// The running command holds Close open until it ends.
	select {
	case <-closed:
		t.Fatal("Close returned while a command was running")
	default:
	}
	g.open("R")
	<-closed
	if err := out.wait(t, "running"); err != nil {
		t.Fatalf("running command: %v", err)
	}
	if got := g.applied(); len(got) == 0 || got[0] != "R" {
		t.Fatalf("applied %v", got)
	}
}

// TestWorkersCloseIsBounded: a command still running when the grace
// period ends is cancelled, and Close returns once it has stopped.
func TestWorkersCloseIsBounded(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	g := newGatedTarget()
	allow, _ := ParseAllowList([]string{"boss"})
	d := NewDispatcher(g, allow, nil, nil)
	w := NewWorkers(1, 50*time.Millisecond, nil)
	out := newOutcomes()
	w.dispatch(d, nameCall("stuck", "S"), 0, out.answer("stuck"))
	waitStarted(t, g, 1)
	w.Close()
	if err := out.wait(t, "stuck"); err == nil || !strings.Contains(err.Message, "context canceled") {
		t.Fatalf("command past the grace period: %v, want cancelled", err)
	}
}

// TestWorkersCloseLeavesUncancellableCommands: a command whose target takes
// no context outlasts its cancel; Close waits closeAfterCancel for it, names
// it in the log and returns, and the command ends on its own later.
func TestWorkersCloseLeavesUncancellableCommands(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	g := newGatedTarget()
	allow, _ := ParseAllowList([]string{"boss"})
	d := NewDispatcher(g, allow, nil, nil)
	core, logs := observer.New(zap.WarnLevel)
	const grace = 50 * time.Millisecond
	w := NewWorkers(1, grace, zap.New(core))
	out := newOutcomes()
	w.dispatch(d, Call{Method: "publish", Params: json.RawMessage(`{"source":"camera"}`), Caller: "boss", Door: DoorData, ID: "p"}, 0, out.answer("p"))
	waitStarted(t, g, 1)
	began := time.Now()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		w.Close()
	}()
	select {
	case <-closed:
	case <-time.After(grace + closeAfterCancel + 5*time.Second):
		t.Fatal("Close waits for a command that cannot be cancelled")
	}
	took := time.Since(began)
	t.Logf("Close took %s with an uncancellable command running", took)
	if took < grace+closeAfterCancel {
		t.Fatalf("Close took %s, want it to wait grace and closeAfterCancel (%s)", took, grace+closeAfterCancel)
	}
	entries := logs.FilterMessageSnippet("still running").All()
	if len(entries) != 1 || !strings.Contains(fmt.Sprint(entries[0].ContextMap()["methods"]), "publish") {
		t.Fatalf("log after Close: %+v, want one warning naming publish", logs.All())
	}
	if got := w.Running(); len(got) != 1 || got[0] != "publish" {
		t.Fatalf("Running after Close: %v, want [publish]", got)
	}
	g.open(bot.SourceCamera)
	if err := out.wait(t, "p"); err != nil {
		t.Fatalf("publish, once let through: %v", err)
	}
}
