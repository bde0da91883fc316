package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/logging"
)

// writeEvents starts writing the stream as JSON lines to path, with
// secrets redacted: "-" is stdout; a file is appended to, or truncated
// first when overwrite is set, so that an earlier run's events are never
// lost silently, and reopened at its path on SIGHUP. When a write fails it calls failed with an
// *eventsWriteError and stops writing. The returned function waits until
// every event is written and closes the file; call it after the stream is
// closed.
func writeEvents(path string, overwrite bool, stdout io.Writer, stream *event.Stream, secrets []string, failed func(error)) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	w := stdout
	var closer io.Closer
	stopHUP := func() {}
	if path != "-" {
		mode := os.O_WRONLY | os.O_CREATE | os.O_APPEND
		if overwrite {
			mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := openReopenable(path, mode)
		if err != nil {
			return nil, fmt.Errorf("events %s: %w", path, pathProblem(err))
		}
		w, closer = f, f
		// SIGHUP reopens the file, for logrotate; a failed reopen keeps
		// writing to the old one.
		stopHUP = reopenOnHUP(func(err error) { fmt.Fprintf(os.Stderr, "lkbot: events: %v\n", err) }, f)
	}
	sub := stream.Subscribe(4096)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := event.WriteJSONLines(logging.NewRedactor(w, secrets...), sub); err != nil {
			failed(&eventsWriteError{path: path, err: err})
		}
	}()
	return func() {
		stream.Close()
		wg.Wait()
		stopHUP()
		if closer != nil {
			_ = closer.Close()
		}
	}, nil
}

// eventsWriteError: the events output refused a write.
type eventsWriteError struct {
	path string
	err  error
}

func (e *eventsWriteError) Error() string {
	if e.path == "-" {
		return "events: stdout: " + e.err.Error()
	}
	return "events: " + e.err.Error()
}

func (e *eventsWriteError) Unwrap() error { return e.err }

// readerGone reports a write that failed because the reading end of a
// pipe closed, as `lkbot join --events - | head -1` does on purpose.
func (e *eventsWriteError) readerGone() bool { return errors.Is(e.err, syscall.EPIPE) }

// eventsFailure is the events output's failure that ended ctx, or nil.
func eventsFailure(ctx context.Context) *eventsWriteError {
	var we *eventsWriteError
	if errors.As(context.Cause(ctx), &we) {
		return we
	}
	return nil
}

// catchSIGPIPE makes a write to a closed stdout or stderr return EPIPE
// instead of letting Go kill the process (its default for a broken pipe
// on fd 1 or 2) before the bot can say goodbye, which left a ghost
// participant for 20 s. The events writer handles EPIPE by ending the run;
// a closed stderr only loses log lines. The returned function restores
// the default.
func catchSIGPIPE() func() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGPIPE)
	return func() { signal.Stop(c) }
}
