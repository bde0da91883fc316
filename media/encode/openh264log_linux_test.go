package encode

import (
	"bytes"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestOpenH264WarningsGoToTheLog: building an H.264 encoder prints nothing
// on stderr (OpenH264 warns "Change QP Range from(0,51) to (12,42)" there
// by itself); the warning reaches the logger at debug instead.
func TestOpenH264WarningsGoToTheLog(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	var enc *VideoEncoder
	stderr := readStderr(t, func() {
		var err error
		enc, err = NewVideoEncoder(VideoParams{Codec: H264, Width: 640, Height: 360, Logger: zap.New(core)})
		if err != nil {
			t.Error(err)
		}
	})
	if enc != nil {
		enc.Close()
	}
	if strings.Contains(stderr, openh264Prefix) {
		t.Errorf("OpenH264 wrote to stderr: %q", stderr)
	}
	got := logs.FilterMessageSnippet("openh264: ").All()
	if len(got) == 0 {
		t.Fatal("no OpenH264 message reached the logger")
	}
	for _, e := range got {
		if e.Level != zapcore.DebugLevel {
			t.Errorf("%q logged at %s, want debug", e.Message, e.Level)
		}
	}
	t.Logf("logged: %q", got[0].Message)
}

// TestRouteOpenH264Lines: OpenH264's lines go to the log, others on to
// stderr unchanged.
func TestRouteOpenH264Lines(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	var rest bytes.Buffer
	in := "[OpenH264] this = 0x1, Warning:Change QP Range from(0,51) to (12,42)\nsomeone else's line\n"
	routeOpenH264Lines(strings.NewReader(in), zap.New(core), &rest)
	if rest.String() != "someone else's line\n" {
		t.Errorf("passed on %q, want only the other line", rest.String())
	}
	if all := logs.All(); len(all) != 1 || all[0].Message != "openh264: this = 0x1, Warning:Change QP Range from(0,51) to (12,42)" {
		t.Errorf("logged %v", all)
	}
}

// readStderr runs f with file descriptor 2 pointed at a pipe and returns
// what was written there, as a terminal would have shown it.
func readStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		r.Close()
		out <- string(b)
	}()
	if err := syscall.Dup3(int(w.Fd()), 2, 0); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			_ = syscall.Dup3(saved, 2, 0)
			syscall.Close(saved)
			w.Close()
		}()
		f()
	}()
	return <-out
}
