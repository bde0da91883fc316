// Package xvfbtest starts Xvfb, a virtual X display, for tests of screen
// capture. It changes nothing in the test process: callers pass Name or
// Env on to what needs the display.
package xvfbtest

import (
	"bufio"
	"fmt"
	"image/color"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startTimeout bounds how long Xvfb may take to announce its display.
const startTimeout = 10 * time.Second

// Display is a running Xvfb, killed when the test ends.
type Display struct {
	t    testing.TB
	num  int
	w, h int
}

// Start starts Xvfb with one w×h, 24-bit screen on a display number it
// picks itself (-displayfd), listening on no TCP port. The test fails if
// Xvfb is not installed or does not start.
func Start(t testing.TB, w, h int) *Display {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatal("Xvfb is not installed: run make testdeps")
	}
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(bin, "-displayfd", "3", "-nolisten", "tcp", "-noreset",
		"-screen", "0", fmt.Sprintf("%dx%dx24", w, h))
	cmd.ExtraFiles = []*os.File{wr} // fd 3
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		wr.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	wr.Close()
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	num, err := readDisplay(r, exited)
	if err != nil {
		t.Fatalf("Xvfb: %v\n%s", err, stderr.String())
	}
	return &Display{t: t, num: num, w: w, h: h}
}

// readDisplay reads the display number Xvfb writes once it accepts
// connections.
func readDisplay(r *os.File, exited <-chan struct{}) (int, error) {
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		got <- result{line, err}
	}()
	select {
	case res := <-got:
		if res.err != nil {
			return 0, fmt.Errorf("no display number: %w", res.err)
		}
		return strconv.Atoi(strings.TrimSpace(res.line))
	case <-exited:
		return 0, fmt.Errorf("exited before it was ready")
	case <-time.After(startTimeout):
		r.Close() // ends the read
		return 0, fmt.Errorf("not ready after %s", startTimeout)
	}
}

// Name is the display's name, such as ":5", for DISPLAY.
func (d *Display) Name() string { return ":" + strconv.Itoa(d.num) }

// Size is the screen's size.
func (d *Display) Size() (w, h int) { return d.w, d.h }

// Env is this process's environment with DISPLAY set to the display, for
// a child process.
func (d *Display) Env() []string {
	env := []string{"DISPLAY=" + d.Name()}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") {
			env = append(env, kv)
		}
	}
	return env
}

// Paint fills the root window with c (alpha ignored) and returns once the
// X server has done it.
func (d *Display) Paint(c color.Color) {
	d.t.Helper()
	r, g, b, _ := c.RGBA()
	d.run("xsetroot", "-solid", fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
}

// StartLogo opens xlogo's window, w×h at the top-left corner, for a
// screen that is not all one colour; it is killed when the test ends.
func (d *Display) StartLogo(w, h int) {
	d.t.Helper()
	bin := d.tool("xlogo")
	cmd := exec.Command(bin, "-geometry", fmt.Sprintf("%dx%d+0+0", w, h))
	cmd.Env = d.Env()
	if err := cmd.Start(); err != nil {
		d.t.Fatalf("start xlogo: %v", err)
	}
	d.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
}

func (d *Display) run(tool string, args ...string) {
	d.t.Helper()
	cmd := exec.Command(d.tool(tool), args...)
	cmd.Env = d.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		d.t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
}

func (d *Display) tool(name string) string {
	d.t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		d.t.Fatalf("%s is not installed: run make testdeps", name)
	}
	return bin
}
