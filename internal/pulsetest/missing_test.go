package pulsetest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// fatalRecorder stands in for the t that Start is given, to see what it
// fails with.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatal(args ...any) {
	r.msg = fmt.Sprint(args...)
	runtime.Goexit()
}

func TestStartWithoutPulseaudioFails(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	r := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Start(r)
	}()
	<-done
	if !strings.Contains(r.msg, "pulseaudio not installed: run make testdeps") {
		t.Fatalf("Start failed with %q, want it to name make testdeps", r.msg)
	}
}
