package camera

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/prop"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/yuv"
)

// register puts fake cameras into mediadevices' driver manager, labelled
// as the V4L2 driver labels them, for the length of the test.
func register(t *testing.T, cams map[string]*fakeDevice) {
	t.Helper()
	m := driver.GetManager()
	for label, d := range cams {
		if err := m.Register(d, driver.Info{
			Label:      label,
			Name:       "Fake Cam;platform:fake",
			DeviceType: driver.Camera,
		}); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, d := range m.Query(driver.FilterDeviceType(driver.Camera)) {
			if _, ok := cams[d.Info().Label]; ok {
				m.Delete(d.ID())
			}
		}
	})
}

// TestOpenRegistered goes through the driver manager as the real cameras
// do: List, Open by every kind of id, busy, and the metadata node that
// "" skips.
func TestOpenRegistered(t *testing.T) {
	frames := rawFrames(t, "testsrc2", "yuyv422", testW, testH, 1)
	meta := newFake(frame.FormatYUYV, testW, testH, nil)
	meta.props = []prop.Media{{Video: prop.Video{Width: 1, Height: 1, FrameFormat: frame.FormatZ16}}}
	cam := newFake(frame.FormatYUYV, testW, testH, frames)
	register(t, map[string]*fakeDevice{
		"usb-Fake-video-index1;video7": meta,
		"usb-Fake-video-index0;video8": cam,
	})

	cams, err := List()
	if err != nil {
		t.Fatal(err)
	}
	if len(cams) != 2 || cams[0].ID != "video7" || cams[1].ID != "video8" {
		t.Fatalf("List = %+v, want video7 and video8", cams)
	}
	want := Format{FrameFormat: "YUYV", Width: testW, Height: testH, FPS: 30}
	if c := cams[1]; c.Label != "Fake Cam (platform:fake)" || len(c.Formats) != 1 || c.Formats[0] != want {
		t.Errorf("List()[1] = %+v", c)
	}
	ignore := goleak.IgnoreCurrent()
	s, err := Open(context.Background(), "", Options{Width: testW, Height: testH})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), "/dev/video8", Options{}); !errors.Is(err, ErrBusy) {
		t.Errorf("second Open = %v, want ErrBusy", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Frames() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	s.Next(yuv.NewI420(testW, testH), 0, time.Now())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lktest.WaitNoLeaks(t, ignore)

	for _, id := range []string{"video8", "/dev/video8", "usb-Fake-video-index0", "usb-Fake-video-index0;video8"} {
		s, err := Open(context.Background(), id, Options{})
		if err != nil {
			t.Errorf("Open(%q): %v", id, err)
			continue
		}
		_ = s.Close()
	}
	_, err = Open(context.Background(), "video9", Options{})
	if !errors.Is(err, ErrNoDevice) || err.Error() != `no such camera "video9": have video7, video8` {
		t.Errorf("Open(video9) = %v", err)
	}
	_, err = Open(context.Background(), "video7", Options{})
	if !errors.Is(err, ErrNoFormat) || !strings.HasPrefix(err.Error(), `camera "video7": `) {
		t.Errorf("Open(video7) = %v, want ErrNoFormat", err)
	}
}
