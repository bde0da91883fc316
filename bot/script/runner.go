package script

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/bot/event"
)

// Runner plays a script against a bot's dispatcher and event stream.
type Runner struct {
	d      *command.Dispatcher
	stream *event.Stream
	sub    *event.Subscription

	mu      sync.Mutex
	history []event.Envelope
	cursor  int            // wait_for consumes events in order: the next one starts here
	last    map[string]any // fields of the event the last wait_for matched
	changed chan struct{}
	done    chan struct{}
}

// NewRunner subscribes to stream at once, so that subscribe it before the
// bot connects to see every event from the start.
func NewRunner(d *command.Dispatcher, stream *event.Stream) *Runner {
	r := &Runner{d: d, stream: stream, sub: stream.Subscribe(1 << 16), changed: make(chan struct{}), done: make(chan struct{})}
	go r.collect()
	return r
}

// collect records events until the subscription closes; Close ends it.
func (r *Runner) collect() {
	defer close(r.done)
	for env := range r.sub.C {
		r.mu.Lock()
		r.history = append(r.history, env)
		close(r.changed)
		r.changed = make(chan struct{})
		r.mu.Unlock()
	}
}

// Close stops collecting events and waits for the collector.
func (r *Runner) Close() {
	r.sub.Cancel()
	<-r.done
}

// expectation is an expect step still waiting to be seen.
type expectation struct {
	step     string
	match    Match
	from     int
	deadline time.Time
}

// Run plays s. It returns nil when every step and expectation held, and
// otherwise an error naming the step that failed and what it waited for.
func (r *Runner) Run(ctx context.Context, s *Script) error {
	start := time.Now()
	var expects []expectation
	err := r.runSteps(ctx, s.Steps, "step", start, &expects)
	for _, e := range expects {
		if err != nil {
			break
		}
		if _, ferr := r.find(ctx, e.match, e.from, e.deadline); ferr != nil {
			if errors.Is(ferr, errTimeout) {
				ferr = errors.New("not seen within its timeout")
			}
			err = fmt.Errorf("%s: %w", e.step, ferr)
		}
	}
	r.stream.Publish(event.ScriptDone{OK: err == nil, Error: errString(err)})
	return err
}

func (r *Runner) runSteps(ctx context.Context, steps []Step, prefix string, start time.Time, expects *[]expectation) error {
	for i := range steps {
		st := &steps[i]
		label := st.describe(fmt.Sprintf("%s %d", prefix, i+1))
		if err := r.waitUntil(ctx, st, start); err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		err := r.runStep(ctx, st, fmt.Sprintf("%s %d", prefix, i+1), label, start, expects)
		r.stream.Publish(event.ScriptStep{Step: label, OK: err == nil, Error: errString(err)})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) waitUntil(ctx context.Context, st *Step, start time.Time) error {
	var wait time.Duration
	switch {
	case st.At.Duration > 0:
		wait = time.Until(start.Add(st.At.Duration))
	case st.After.Duration > 0:
		wait = st.After.Duration
	}
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (r *Runner) runStep(ctx context.Context, st *Step, prefix, label string, start time.Time, expects *[]expectation) error {
	timeout := st.Timeout.Duration
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	switch {
	case st.Do != "":
		r.mu.Lock()
		params, _ := json.Marshal(substitute(st.Params, r.last))
		r.mu.Unlock()
		if _, err := r.d.Dispatch(ctx, command.Call{Method: st.Do, Params: params, Caller: command.LocalCaller, Door: command.DoorScript}); err != nil {
			return fmt.Errorf("%s: %s", label, err.Error())
		}
	case st.WaitFor != nil:
		r.mu.Lock()
		from := r.cursor
		r.mu.Unlock()
		idx, err := r.find(ctx, st.WaitFor, from, time.Now().Add(timeout))
		if errors.Is(err, errTimeout) {
			return fmt.Errorf("%s: timed out after %s", label, timeout)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		r.mu.Lock()
		r.cursor = idx + 1
		r.last = fieldsOf(r.history[idx])
		r.mu.Unlock()
	case st.Expect != nil:
		r.mu.Lock()
		from := len(r.history)
		r.mu.Unlock()
		*expects = append(*expects, expectation{step: label, match: st.Expect, from: from, deadline: time.Now().Add(timeout)})
	default:
		n := max(st.Repeat, 1)
		for i := range n {
			if err := r.runSteps(ctx, st.Steps, fmt.Sprintf("%s (round %d) step", prefix, i+1), start, expects); err != nil {
				return err
			}
		}
	}
	return nil
}

// errTimeout is find's error when the deadline passes.
var errTimeout = errors.New("timed out")

// find waits until an event from index from on matches. It fails with
// errTimeout at the deadline, or with ctx's cause when ctx ends first.
func (r *Runner) find(ctx context.Context, m Match, from int, deadline time.Time) (int, error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		r.mu.Lock()
		for i := from; i < len(r.history); i++ {
			if m.Matches(r.history[i]) {
				r.mu.Unlock()
				return i, nil
			}
		}
		from = len(r.history)
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			return 0, errTimeout
		case <-ctx.Done():
			return 0, context.Cause(ctx)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
