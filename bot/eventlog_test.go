package bot

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot/event"
)

// eventLog records everything a bot reports. A wait takes the events it
// expects, in whatever order they arrive, and leaves every other event for
// later waits: reliable and lossy data, metadata, names and attributes
// travel separately and may arrive in any order.
type eventLog struct {
	t    *testing.T
	sub  *event.Subscription
	done chan struct{} // closed when the reader has stopped

	mu        sync.Mutex
	all       []event.Event // every event, for checks over the whole test
	at        []time.Time   // when each event was published
	taken     []bool        // by index in all: a wait has returned it
	changed   chan struct{} // closed and replaced on every event
	closed    bool
	forbidden []forbiddenEvent
}

type forbiddenEvent struct {
	what  string
	match func(event.Event) bool
}

// collect records b's events until b closes or the test ends; at the end
// it checks that no forbidden event arrived.
func collect(t *testing.T, b *Bot) *eventLog {
	t.Helper()
	l := &eventLog{t: t, sub: b.Events().Subscribe(4096), done: make(chan struct{}), changed: make(chan struct{})}
	go l.read()
	t.Cleanup(func() {
		l.sub.Cancel()
		<-l.done
		l.checkForbidden()
	})
	return l
}

func (l *eventLog) read() {
	defer close(l.done)
	for env := range l.sub.C {
		l.mu.Lock()
		l.all = append(l.all, env.Event)
		l.at = append(l.at, env.Time)
		l.taken = append(l.taken, false)
		close(l.changed)
		l.changed = make(chan struct{})
		l.mu.Unlock()
	}
	l.mu.Lock()
	l.closed = true
	close(l.changed)
	l.mu.Unlock()
}

// waitFor waits for one event that matches and takes it.
func (l *eventLog) waitFor(timeout time.Duration, what string, match func(event.Event) bool) event.Event {
	l.t.Helper()
	return l.waitAll(timeout, map[string]func(event.Event) bool{what: match})[what]
}

// waitAll waits until each expectation has its own event, in any order,
// and returns them by key. Each event satisfies at most one expectation;
// events nobody expected stay for later waits.
func (l *eventLog) waitAll(timeout time.Duration, want map[string]func(event.Event) bool) map[string]event.Event {
	l.t.Helper()
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	got := map[string]event.Event{}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		for i, ev := range l.all {
			if l.taken[i] {
				continue
			}
			for _, k := range keys {
				if _, ok := got[k]; !ok && want[k](ev) {
					got[k], l.taken[i] = ev, true
					break
				}
			}
		}
		changed, closed := l.changed, l.closed
		l.mu.Unlock()
		l.checkForbidden()
		if len(got) == len(want) {
			return got
		}
		if closed {
			l.t.Fatalf("event stream closed waiting for: %s", missing(keys, got))
		}
		select {
		case <-changed:
		case <-deadline.C:
			l.t.Fatalf("timed out after %s waiting for events: %s; every event (* taken by a wait):\n%s", timeout, missing(keys, got), l.dump())
		}
	}
}

func missing(keys []string, got map[string]event.Event) string {
	var out []string
	for _, k := range keys {
		if _, ok := got[k]; !ok {
			out = append(out, k)
		}
	}
	return fmt.Sprint(out)
}

// dump lists every event with its time, for a failure message.
func (l *eventLog) dump() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for i, ev := range l.all {
		mark := " "
		if l.taken[i] {
			mark = "*"
		}
		fmt.Fprintf(&b, "%s %s %T%+v\n", l.at[i].Format("15:04:05.000"), mark, ev, ev)
	}
	return b.String()
}

// snapshot returns every event so far, in order, taken or not.
func (l *eventLog) snapshot() []event.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.all)
}

// has reports whether an event that matches has arrived, taken or not.
func (l *eventLog) has(match func(event.Event) bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.all, match)
}

// forbid fails the test if an event that matches arrives at any time while
// the log records, before or after this call. Every wait checks, and so
// does the end of the test.
func (l *eventLog) forbid(what string, match func(event.Event) bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forbidden = append(l.forbidden, forbiddenEvent{what, match})
}

func (l *eventLog) checkForbidden() {
	l.t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range l.forbidden {
		for _, ev := range l.all {
			if f.match(ev) {
				l.t.Fatalf("%s arrived: %#v", f.what, ev)
			}
		}
	}
	for _, ev := range l.all {
		if d, ok := ev.(event.Dropped); ok {
			l.t.Fatalf("the test's event log fell behind and lost %d events", d.Count)
		}
	}
}

// resendUntil calls send, and again every 250 ms, until seen holds: a
// lossy packet may be dropped, so a test sends it until one arrives.
func resendUntil(t *testing.T, timeout time.Duration, what string, send func(), seen func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		send()
		for next := time.Now().Add(250 * time.Millisecond); time.Now().Before(next); time.Sleep(10 * time.Millisecond) {
			if seen() {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s sending until: %s", timeout, what)
		}
	}
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for: %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stays polls cond for the whole of d and fails as soon as it stops
// holding: for what must not happen over a window, such as a muted track
// encoding.
func stays(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if !cond() {
			t.Fatalf("stopped holding within %s: %s", d, what)
		}
	}
}

// dataOn matches a data_received event on topic.
func dataOn(topic string) func(event.Event) bool {
	return func(ev event.Event) bool {
		d, ok := ev.(event.DataReceived)
		return ok && d.Topic == topic
	}
}
