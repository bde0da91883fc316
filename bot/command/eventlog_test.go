package command

import (
	"slices"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot/event"
)

// eventLog reads a bot's events for a test and keeps every event no wait
// has taken yet. Events travel on channels that need not keep their order
// (an RPC refusal and a data refusal, say), so a wait that threw away what
// it skipped would miss what the next wait wants.
type eventLog struct {
	sub  *event.Subscription
	kept []event.Event
}

func newEventLog(sub *event.Subscription) *eventLog { return &eventLog{sub: sub} }

// waitAll returns, by key, the first event each matcher of want accepts,
// failing the test if the set is not complete within 15 s. An event is
// taken by one key at most; the others stay kept for later waits.
func (l *eventLog) waitAll(t *testing.T, want map[string]func(event.Event) bool) map[string]event.Event {
	t.Helper()
	got := map[string]event.Event{}
	take := func(e event.Event) bool {
		for k, match := range want {
			if _, done := got[k]; !done && match(e) {
				got[k] = e
				return true
			}
		}
		return false
	}
	l.kept = slices.DeleteFunc(l.kept, take)
	timeout := time.After(15 * time.Second)
	for len(got) < len(want) {
		select {
		case env, ok := <-l.sub.C:
			if !ok {
				t.Fatalf("events closed waiting for %v (got %v)", missing(want, got), keys(got))
			}
			if !take(env.Event) {
				l.kept = append(l.kept, env.Event)
			}
		case <-timeout:
			t.Fatalf("timed out waiting for %v (got %v)", missing(want, got), keys(got))
		}
	}
	return got
}

// wait returns the first event match accepts; what names it in a failure.
func (l *eventLog) wait(t *testing.T, what string, match func(event.Event) bool) event.Event {
	t.Helper()
	return l.waitAll(t, map[string]func(event.Event) bool{what: match})[what]
}

func missing(want map[string]func(event.Event) bool, got map[string]event.Event) []string {
	var out []string
	for k := range want {
		if _, ok := got[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func keys(got map[string]event.Event) []string {
	out := make([]string, 0, len(got))
	for k := range got {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestEventLogKeepsSkippedEvents: a wait takes only what it wants, in
// whatever order events arrive, and a later wait still finds what an
// earlier one skipped.
func TestEventLogKeepsSkippedEvents(t *testing.T) {
	s := event.NewStream()
	l := newEventLog(s.Subscribe(16))
	for _, door := range []string{DoorData, DoorRPC, DoorHTTP} {
		s.Publish(event.Command{Door: door})
	}
	onDoor := func(door string) func(event.Event) bool {
		return func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.Door == door }
	}
	if got := l.wait(t, "http", onDoor(DoorHTTP)).(event.Command); got.Door != DoorHTTP {
		t.Fatalf("wait for http: %+v", got)
	}
	got := l.waitAll(t, map[string]func(event.Event) bool{DoorRPC: onDoor(DoorRPC), DoorData: onDoor(DoorData)})
	for _, door := range []string{DoorRPC, DoorData} {
		if c, ok := got[door].(event.Command); !ok || c.Door != door {
			t.Fatalf("waitAll after a wait that skipped them: %v", got)
		}
	}
	s.Close()
}
