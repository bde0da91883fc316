// Package sourceend records how a media source ends: once, with the reason
// it ended, which is nil when it was closed or played to its end. It backs
// the Done and Err methods that camera, screen, microphone and file
// sources share.
package sourceend

import "sync"

// End is a source's end: Done is closed by the first Finish, and Err keeps
// the reason that call gave. The zero value has not ended and is ready to
// use; an End must not be copied after first use. Its methods are safe for
// concurrent use.
type End struct {
	mu    sync.Mutex
	done  chan struct{}
	ended bool
	err   error
}

// Finish ends the source with err (nil for a normal end) and closes Done.
// Only the first call counts: a later reason does not replace the first.
func (e *End) Finish(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ended {
		return
	}
	e.ended, e.err = true, err
	close(e.doneChan())
}

// Done is closed when Finish is first called.
func (e *End) Done() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.doneChan()
}

// Err returns the reason the first Finish gave; nil before it.
func (e *End) Err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// Ended reports whether Finish has been called.
func (e *End) Ended() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ended
}

// doneChan makes Done's channel on first use, so that the zero End works;
// e.mu must be held.
func (e *End) doneChan() chan struct{} {
	if e.done == nil {
		e.done = make(chan struct{})
	}
	return e.done
}
