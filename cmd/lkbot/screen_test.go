package main

import (
	"context"
	"encoding/json"
	"image/color"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
	"github.com/lkbot/lkbot/internal/xvfbtest"
)

// startChild runs lkbot with args in a child process with extra
// environment, as a user would on a machine with that display or audio
// server: mediadevices' screen driver looks for the display when the
// process starts. The child is killed at cleanup if still running.
func startChild(t *testing.T, env []string, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	encoded, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$")
	cmd.Env = append(append(os.Environ(), env...), childArgsEnv+"="+string(encoded))
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, &out
}

// The colour the test paints the screen, and what it is in BT.601 limited
// range.
var screenRGB = color.RGBA{R: 0x33, G: 0x66, B: 0xcc, A: 0xff}

const screenY, screenCb, screenCr = 100, 180, 98

// TestScreenShare publishes an Xvfb screen painted a known colour, with
// --screen-resolution scaling it down: rtc-node must decode frames of the
// scaled size in that colour; mute and unpublish, sent with lkbot call,
// must stop them, and publish must start the screen share again.
func TestScreenShare(t *testing.T) {
	display := xvfbtest.Start(t, 1280, 720)
	display.Paint(screenRGB)
	srv := lktest.Start(t)
	startChild(t, display.Env(), "join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "screen", "--identity", "bot", "--camera", "none", "--mic", "none",
		"--screen", "device", "--screen-resolution", "640x480", "--screen-fps", "10",
		"--allow-commands-from", "server", "--duration", "2m")
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "screen", "node"))
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	sub, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Kind == "video" && e.Participant == "bot"
	})
	if err != nil {
		t.Fatalf("node never subscribed to the screen share: %v", err)
	}
	if sub.Source != "screen_share" {
		t.Fatalf("the bot's video is %q, want screen_share", sub.Source)
	}
	var last testpeer.Event
	frames := 0
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		if e.Type == "frame" && e.SID == sub.SID {
			last = e
			frames++
		}
		return frames >= 20
	}); err != nil {
		t.Fatalf("node decoded %d frames of the screen: %v", frames, err)
	}
	// 1280x720 fits 640x480 as 640x360.
	if last.Width != 640 || last.Height != 360 {
		t.Errorf("screen frames are %dx%d, want 640x360", last.Width, last.Height)
	}
	const tolerance = 6
	if absInt(last.MeanY-screenY) > tolerance || absInt(last.MeanCb-screenCb) > tolerance || absInt(last.MeanCr-screenCr) > tolerance {
		t.Errorf("screen colour Y %d Cb %d Cr %d, want %d %d %d", last.MeanY, last.MeanCb, last.MeanCr, screenY, screenCb, screenCr)
	}

	for _, step := range []struct{ method, params, event string }{
		{"mute", `{"source":"screen_share","muted":true}`, "track_muted"},
		{"unpublish", `{"source":"screen_share","release":true}`, "track_unpublished"},
	} {
		code, stdout, stderr := runCLI(t, callArgs(srv, "screen", "--to", "bot", step.method, step.params)...)
		if code != exitOK || strings.TrimSpace(stdout) != `{"ok":true}` {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", step.method, code, stdout, stderr)
		}
		if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
			return e.Type == step.event && e.SID == sub.SID
		}); err != nil {
			t.Fatalf("node saw no %s after %s: %v", step.event, step.method, err)
		}
	}
	// Started again at run time, the screen share is a new track.
	code, stdout, stderr := runCLI(t, callArgs(srv, "screen", "--to", "bot", "publish", `{"source":"screen_share"}`)...)
	if code != exitOK || strings.TrimSpace(stdout) != `{"ok":true}` {
		t.Fatalf("publish: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	again, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Source == "screen_share" && e.SID != sub.SID
	})
	if err != nil {
		t.Fatalf("node never saw the screen share published again: %v", err)
	}
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "frame" && e.SID == again.SID }); err != nil {
		t.Fatalf("node decoded no frame of the screen share published again: %v", err)
	}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestScreenWithoutDisplay: --screen device with no DISPLAY is one line
// that says so, and a non-zero exit.
func TestScreenWithoutDisplay(t *testing.T) {
	srv := lktest.Start(t)
	cmd, out := startChild(t, []string{"DISPLAY="}, "join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "screen", "--camera", "none", "--mic", "none", "--screen", "device", "--duration", "10s")
	err := cmd.Wait()
	exitErr, ok := err.(*exec.ExitError)
	if !ok || exitErr.ExitCode() == 0 {
		t.Fatalf("lkbot exited with %v; output:\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, "DISPLAY is not set") {
		t.Fatalf("last line %q, want it to say DISPLAY is not set; output:\n%s", last, out.String())
	}
}

// TestMissingDevices: a camera or microphone that does not exist ends the
// join with one line naming it, and exit code 1.
func TestMissingDevices(t *testing.T) {
	srv := lktest.Start(t)
	base := []string{"join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(), "--room", "devices", "--duration", "5s"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--camera", "device:/dev/video99", "--mic", "none"}, "video99"},
		{[]string{"--camera", "none", "--mic", "device:no-such-microphone"}, "no-such-microphone"},
	} {
		code, _, stderr := runCLI(t, append(base, tc.args...)...)
		if code != exitFailure {
			t.Errorf("%v: exit %d, want %d; stderr %q", tc.args, code, exitFailure, stderr)
		}
		// The log says the bot joined and left; the error is the last line.
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, "lkbot join: ") || !strings.Contains(last, tc.want) {
			t.Errorf("%v: last line %q, want the error naming %s", tc.args, last, tc.want)
		}
	}
}
