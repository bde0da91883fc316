package command

import (
	"context"
	"sync"
	"time"
)

// MaxConcurrentCommands bounds the commands from the remote doors (RPC and
// data) that run at once. More are refused as busy rather than queued, so
// that a flood cannot pile up work behind a slow command.
const MaxConcurrentCommands = 8

// closeGrace is how long Close lets running commands finish before it
// cancels their context.
const closeGrace = 5 * time.Second

// Workers run the remote doors' commands on goroutines that lkbot owns,
// never on the SDK's reader goroutine: a slow command there would hold up
// every reliable data packet behind it. A goroutine starts per command, at
// most limit at once, so an idle bot costs nothing. Close refuses new
// commands and waits for running ones.
type Workers struct {
	ctx    context.Context
	cancel context.CancelFunc
	slots  chan struct{}
	grace  time.Duration

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// NewWorkers returns workers that run at most limit commands at once, and
// on Close let them finish for grace before cancelling them.
func NewWorkers(limit int, grace time.Duration) *Workers {
	ctx, cancel := context.WithCancel(context.Background())
	return &Workers{ctx: ctx, cancel: cancel, slots: make(chan struct{}, max(limit, 1)), grace: grace}
}

// Go runs f on a worker, with a context that Close cancels. It refuses,
// without waiting, when every worker is busy or after Close.
func (w *Workers) Go(f func(ctx context.Context)) *Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errorf(CodeNotConnected, "refused: the bot's command doors are closed (it is leaving)")
	}
	select {
	case w.slots <- struct{}{}:
	default:
		return errorf(CodeFailed, "busy: %d commands already running; try again", cap(w.slots))
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer func() { <-w.slots }()
		f(w.ctx)
	}()
	return nil
}

// Close refuses new commands and waits for the running ones: they have the
// grace period to finish, then their context is cancelled. It is safe to
// call more than once.
func (w *Workers) Close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		w.wg.Wait()
	}()
	grace := time.NewTimer(w.grace)
	defer grace.Stop()
	select {
	case <-finished:
	case <-grace.C:
		w.cancel()
		<-finished
	}
	w.cancel()
}

// dispatch runs a command that came through a remote door and hands its
// outcome to answer. Only the run itself goes to a worker: a caller that
// the allow list refuses, and a command refused as busy or late, are
// answered at once on the calling goroutine, since that costs nothing.
// timeout, when above 0, bounds the command's context.
func (w *Workers) dispatch(d *Dispatcher, c Call, timeout time.Duration, answer func(result any, err *Error)) {
	if !d.allow.Allows(c.Caller) {
		_, err := d.Dispatch(w.ctx, c)
		answer(nil, err)
		return
	}
	refused := w.Go(func(ctx context.Context) {
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		result, err := d.Dispatch(ctx, c)
		if err != nil {
			result = nil
		}
		answer(result, err)
	})
	if refused != nil {
		d.report(c, refused)
		answer(nil, refused)
	}
}
