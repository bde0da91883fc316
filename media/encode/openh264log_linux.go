package encode

import (
	"fmt"
	"os"
	"sync"
	"syscall"

	"go.uber.org/zap"
)

// stderrMu serialises captureOpenH264: file descriptor 2 is one per process,
// so two captures at once would restore each other's descriptors.
var stderrMu sync.Mutex

// captureOpenH264 runs build, which creates an OpenH264 encoder, with file
// descriptor 2 pointed at a pipe, and routes what arrives there through
// routeOpenH264Lines.
//
// OpenH264 prints its warnings ("Change QP Range ...") from C straight to
// stderr while an encoder initialises. Its API can take a log callback
// (ENCODER_OPTION_TRACE_CALLBACK), but only on the ISVCEncoder, which
// pion/mediadevices creates and initialises inside one C call and keeps
// private; so lkbot catches the output instead. If the pipe cannot be set
// up, build runs with stderr untouched.
func captureOpenH264(log *zap.Logger, build func() error) error {
	stderrMu.Lock()
	defer stderrMu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		return build()
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		r.Close()
		w.Close()
		return build()
	}
	original := os.NewFile(uintptr(saved), "stderr")
	defer original.Close()
	done := make(chan struct{})
	go func() { // owned here: it ends when the pipe's write end closes below
		defer close(done)
		routeOpenH264Lines(r, log, original)
		r.Close()
	}()
	if err := syscall.Dup3(int(w.Fd()), 2, 0); err != nil {
		w.Close()
		<-done
		return build()
	}
	buildErr := build()
	restoreErr := syscall.Dup3(saved, 2, 0)
	w.Close()
	<-done
	if restoreErr != nil {
		return fmt.Errorf("restore stderr after building the h264 encoder: %w", restoreErr)
	}
	return buildErr
}
