package main

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// reopenFile is an append-only file that can be reopened at its path,
// so that logrotate can move it away without copytruncate: on SIGHUP the
// next write goes to a new file at the path.
type reopenFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

func openReopenable(path string, mode int) (*reopenFile, error) {
	f, err := os.OpenFile(path, mode, 0o666)
	if err != nil {
		return nil, err
	}
	return &reopenFile{path: path, f: f}, nil
}

func (r *reopenFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.f.Write(p)
}

// reopen closes the file and opens its path again, appending.
func (r *reopenFile) reopen() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
	if err != nil {
		return fmt.Errorf("reopen %s: %w", r.path, err)
	}
	r.mu.Lock()
	old := r.f
	r.f = f
	r.mu.Unlock()
	return old.Close()
}

func (r *reopenFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.f.Close()
}

// reopenOnHUP reopens files on every SIGHUP, reporting failures to warn,
// until the returned stop is called.
func reopenOnHUP(warn func(error), files ...*reopenFile) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-hup:
				for _, f := range files {
					if err := f.reopen(); err != nil {
						warn(err)
					}
				}
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
		wg.Wait()
	}
}
