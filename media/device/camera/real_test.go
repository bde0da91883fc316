package camera

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/yuv"
)

func videoNodes(t *testing.T) []string {
	t.Helper()
	nodes, err := filepath.Glob("/dev/video*")
	if err != nil {
		t.Fatal(err)
	}
	return nodes
}

// TestNoCamera: without /dev/video*, List is empty and Open says so in one
// line.
func TestNoCamera(t *testing.T) {
	if len(videoNodes(t)) > 0 {
		t.Skip("this machine has /dev/video*")
	}
	cams, err := List()
	if err != nil || cams == nil || len(cams) != 0 {
		t.Errorf("List() = %v, %v; want an empty list", cams, err)
	}
	_, err = Open(context.Background(), "", Options{})
	if !errors.Is(err, ErrNoCamera) || err.Error() != "no camera found: /dev/video* does not exist" {
		t.Errorf("Open = %v, want ErrNoCamera", err)
	}
}

// TestRealCamera captures from the first camera. No CI machine has one;
// README.md in this directory shows how to make one with v4l2loopback or
// vivid.
func TestRealCamera(t *testing.T) {
	if len(videoNodes(t)) == 0 {
		t.Skip("no /dev/video*: there is no camera; see README.md here for v4l2loopback/vivid")
	}
	cams, err := List()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cams {
		t.Logf("%s %q: %d modes", c.ID, c.Label, len(c.Formats))
	}
	if _, err := Open(context.Background(), "no-such-camera", Options{}); !errors.Is(err, ErrNoDevice) {
		t.Errorf("Open(no-such-camera) = %v, want ErrNoDevice", err)
	}
	ignore := goleak.IgnoreCurrent()
	s, err := Open(context.Background(), "", Options{Width: 640, Height: 480, FPS: 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("opened %s %dx%d at %v fps", s.Format().FrameFormat, s.Format().Width, s.Format().Height, s.Format().FrameRate)
	if _, err := Open(context.Background(), cams[0].ID, Options{}); !errors.Is(err, ErrBusy) {
		t.Errorf("second Open = %v, want ErrBusy", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.Frames() < 5 && s.Err() == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s.Frames() < 5 {
		t.Errorf("%d frames in 10s (err %v)", s.Frames(), s.Err())
	}
	s.Next(yuv.NewI420(640, 480), 0, time.Now())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lktest.WaitNoLeaks(t, ignore)
}
