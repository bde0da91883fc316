package command

import (
	"context"
	"sort"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
)

// MaxConcurrentCommands bounds the commands from the remote doors (RPC and
// data) that run at once. More are refused as busy rather than queued, so
// that a flood cannot pile up work behind a slow command.
const MaxConcurrentCommands = 8

// closeGrace is how long Close lets running commands finish before it
// cancels their context.
const closeGrace = 5 * time.Second

// closeAfterCancel is how long Close still waits once it has cancelled the
// running commands. A command whose target takes no context cannot be
// stopped; Close logs it and returns rather than wait for it.
const closeAfterCancel = time.Second

// CommandTimeout bounds each command from a remote door (RPC and data);
// an RPC caller's shorter response timeout bounds it further.
const CommandTimeout = bot.RPCTimeout

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
	log    *zap.Logger

	mu      sync.Mutex
	closed  bool
	next    uint64
	running map[uint64]string // method of each running command, by run
	wg      sync.WaitGroup
}

// NewWorkers returns workers that run at most limit commands at once, and
// on Close let them finish for grace before cancelling them; log, which
// may be nil, names the commands that outlast that.
func NewWorkers(limit int, grace time.Duration, log *zap.Logger) *Workers {
	if log == nil {
		log = zap.NewNop()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Workers{ctx: ctx, cancel: cancel, slots: make(chan struct{}, max(limit, 1)), grace: grace, log: log, running: map[uint64]string{}}
}

// Go runs f, the command method, on a worker, with a context that Close
// cancels. It refuses, without waiting, when every worker is busy or after
// Close.
func (w *Workers) Go(method string, f func(ctx context.Context)) *Error {
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
	w.next++
	run := w.next
	w.running[run] = method
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer func() { <-w.slots }()
		defer w.finish(run)
		f(w.ctx)
	}()
	return nil
}

func (w *Workers) finish(run uint64) {
	w.mu.Lock()
	delete(w.running, run)
	w.mu.Unlock()
}

// Running returns the methods of the commands still running, sorted.
func (w *Workers) Running() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	methods := make([]string, 0, len(w.running))
	for _, m := range w.running {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	return methods
}

// Close refuses new commands and waits for the running ones: they have the
// grace period to finish, then their context is cancelled and Close waits
// closeAfterCancel more. A command still running then (its target ignores
// the context) is logged and left to end on its own, so Close takes at most
// grace + closeAfterCancel. It is safe to call more than once.
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
		select {
		case <-finished:
		case <-time.After(closeAfterCancel):
			w.log.Warn("commands still running after cancel; not waiting for them",
				zap.Strings("methods", w.Running()), zap.Duration("waited", w.grace+closeAfterCancel))
		}
	}
	w.cancel()
}

// dispatch runs a command that came through a remote door and hands its
// outcome to answer. Only the run itself goes to a worker: a caller that
// the allow list refuses, and a command refused as busy or late, are
// answered at once on the calling goroutine, since that costs nothing.
// timeout, when above 0 and below CommandTimeout, bounds the command's
// context; CommandTimeout bounds it otherwise.
func (w *Workers) dispatch(d *Dispatcher, c Call, timeout time.Duration, answer func(result any, err *Error)) {
	if !d.allow.Allows(c) {
		_, err := d.Dispatch(w.ctx, c)
		answer(nil, err)
		return
	}
	if timeout <= 0 || timeout > CommandTimeout {
		timeout = CommandTimeout
	}
	refused := w.Go(c.Method, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
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
