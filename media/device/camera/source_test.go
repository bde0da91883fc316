package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/frame"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/yuv"
)

const testW, testH = 320, 240

// startFake opens a Source on d and closes it at the end of the test,
// checking that nothing is left running.
func startFake(t *testing.T, d *fakeDevice, o Options) *Source {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	s, err := OpenDevice(context.Background(), d, "fake", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if n := d.closeCount(); n != 1 {
			t.Errorf("device closed %d times, want 1", n)
		}
		lktest.WaitNoLeaks(t, ignore)
	})
	return s
}

// waitFrames waits until s has read n frames.
func waitFrames(t *testing.T, s *Source, n uint64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.Frames() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d frames after 5s, want %d (err %v)", s.Frames(), n, s.Err())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitDone(t *testing.T, s *Source) {
	t.Helper()
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("source did not end within 5s")
	}
}

// meanDiff is the mean absolute difference of two planes.
func meanDiff(a, b []byte) float64 {
	var sum int
	for i := range a {
		d := int(a[i]) - int(b[i])
		sum += max(d, -d)
	}
	return float64(sum) / float64(len(a))
}

// i420 wraps a raw yuv420p frame.
func i420(raw []byte, w, h int) *image.YCbCr {
	m := yuv.NewI420(w, h)
	copy(m.Y, raw[:w*h])
	copy(m.Cb, raw[w*h:w*h*5/4])
	copy(m.Cr, raw[w*h*5/4:])
	return m
}

// TestConvert serves one testsrc2 frame in each format a camera may send
// and compares what Next gives with ffmpeg's own limited-range yuv420p of
// the same picture.
func TestConvert(t *testing.T) {
	want := i420(rawFrames(t, "testsrc2", "yuv420p", testW, testH, 1)[0], testW, testH)
	tests := []struct {
		format frame.Format
		frames func(t *testing.T) [][]byte
		// Largest mean difference per plane: 0 where the samples are
		// ffmpeg's own; packed 4:2:2 differs in how chroma is halved
		// vertically, JPEG in its losses.
		maxY, maxC float64
	}{
		{frame.FormatI420, func(t *testing.T) [][]byte { return rawFrames(t, "testsrc2", "yuv420p", testW, testH, 1) }, 0, 0},
		{frame.FormatNV12, func(t *testing.T) [][]byte { return rawFrames(t, "testsrc2", "nv12", testW, testH, 1) }, 0, 0},
		{frame.FormatNV21, func(t *testing.T) [][]byte { return rawFrames(t, "testsrc2", "nv21", testW, testH, 1) }, 0, 0},
		{frame.FormatYUYV, func(t *testing.T) [][]byte { return rawFrames(t, "testsrc2", "yuyv422", testW, testH, 1) }, 0, 1},
		{frame.FormatUYVY, func(t *testing.T) [][]byte { return rawFrames(t, "testsrc2", "uyvy422", testW, testH, 1) }, 0, 1},
		{frame.FormatMJPEG, func(t *testing.T) [][]byte { return jpegFrames(t, "testsrc2", testW, testH, 1) }, 1, 1},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			s := startFake(t, newFake(tt.format, testW, testH, tt.frames(t)), Options{Width: testW, Height: testH})
			waitFrames(t, s, 2)
			got := yuv.NewI420(testW, testH)
			s.Next(got, 0, time.Now())
			dy, dcb, dcr := meanDiff(got.Y, want.Y), meanDiff(got.Cb, want.Cb), meanDiff(got.Cr, want.Cr)
			t.Logf("%s: mean difference Y %.3f Cb %.3f Cr %.3f", tt.format, dy, dcb, dcr)
			if dy > tt.maxY || dcb > tt.maxC || dcr > tt.maxC {
				t.Errorf("%s differs from ffmpeg's yuv420p: mean Y %.3f Cb %.3f Cr %.3f, want at most %v, %v",
					tt.format, dy, dcb, dcr, tt.maxY, tt.maxC)
			}
		})
	}
}

// TestMJPEGRange checks that MJPEG's full range is mapped to limited:
// white is Y 235, not 255, and black Y 16, not 0.
func TestMJPEGRange(t *testing.T) {
	for _, tt := range []struct {
		color string
		y     float64
	}{{"white", 235}, {"black", 16}, {"gray", 16 + 219*128/255.0}} {
		t.Run(tt.color, func(t *testing.T) {
			frames := jpegFrames(t, "color=c="+tt.color, 64, 48, 1)
			s := startFake(t, newFake(frame.FormatMJPEG, 64, 48, frames), Options{Width: 64, Height: 48})
			waitFrames(t, s, 1)
			got := yuv.NewI420(64, 48)
			s.Next(got, 0, time.Now())
			y, cb, cr := mean(got.Y), mean(got.Cb), mean(got.Cr)
			if math.Abs(y-tt.y) > 1.5 || math.Abs(cb-128) > 1.5 || math.Abs(cr-128) > 1.5 {
				t.Errorf("%s: Y %.1f Cb %.1f Cr %.1f, want %.1f 128 128", tt.color, y, cb, cr, tt.y)
			}
		})
	}
}

func mean(b []byte) float64 {
	var sum int
	for _, v := range b {
		sum += int(v)
	}
	return float64(sum) / float64(len(b))
}

// TestNextScales gives Next a frame of another size than the camera's.
func TestNextScales(t *testing.T) {
	frames := rawFrames(t, "color=c=white", "yuv420p", testW, testH, 1)
	s := startFake(t, newFake(frame.FormatI420, testW, testH, frames), Options{})
	if f := s.Format(); f.Width != testW || f.Height != testH || f.FrameFormat != frame.FormatI420 {
		t.Errorf("Format = %+v", f.Video)
	}
	waitFrames(t, s, 1)
	got := yuv.NewI420(160, 90)
	s.Next(got, 0, time.Now())
	if y := mean(got.Y); math.Abs(y-235) > 1 {
		t.Errorf("scaled white: mean Y %.1f, want 235", y)
	}
}

// TestNextBeforeFirstFrame paints black while the camera has sent nothing.
func TestNextBeforeFirstFrame(t *testing.T) {
	d := newFake(frame.FormatI420, testW, testH, rawFrames(t, "color=c=white", "yuv420p", testW, testH, 1))
	d.interval = time.Hour
	s := startFake(t, d, Options{})
	got := yuv.NewI420(testW, testH)
	for i := range got.Y {
		got.Y[i] = 200
	}
	s.Next(got, 0, time.Now())
	if mean(got.Y) != 16 || mean(got.Cb) != 128 || mean(got.Cr) != 128 {
		t.Errorf("before the first frame: Y %.1f Cb %.1f Cr %.1f, want black", mean(got.Y), mean(got.Cb), mean(got.Cr))
	}
}

func TestCaptureTime(t *testing.T) {
	d := newFake(frame.FormatI420, testW, testH, rawFrames(t, "testsrc2", "yuv420p", testW, testH, 1))
	d.interval = 20 * time.Millisecond
	before := time.Now()
	s := startFake(t, d, Options{})
	waitFrames(t, s, 2)
	capture := s.latest.CopyTo(yuv.NewI420(testW, testH))
	if capture.Before(before.Add(d.interval)) || capture.After(time.Now()) {
		t.Errorf("capture time %v is not when a frame was read (started %v)", capture, before)
	}
}

// TestReadTimeout stalls the camera: the source ends with a one-line
// error naming the camera and the timeout.
func TestReadTimeout(t *testing.T) {
	d := newFake(frame.FormatYUYV, testW, testH, rawFrames(t, "testsrc2", "yuyv422", testW, testH, 1))
	d.after, d.stall = 3, true
	s := startFake(t, d, Options{ReadTimeout: 200 * time.Millisecond})
	waitDone(t, s)
	err := s.Err()
	if err == nil || err.Error() != `camera "fake": no frame for 200ms` {
		t.Fatalf("Err = %v, want the read timeout", err)
	}
	if n := s.Frames(); n != 3 {
		t.Errorf("Frames = %d, want 3", n)
	}
}

// TestUnplug makes reads fail as V4L2 does once the camera is unplugged.
func TestUnplug(t *testing.T) {
	d := newFake(frame.FormatNV12, testW, testH, rawFrames(t, "testsrc2", "nv12", testW, testH, 1))
	d.after, d.failErr = 2, syscall.ENODEV
	s := startFake(t, d, Options{})
	waitDone(t, s)
	err := s.Err()
	if err == nil || !errors.Is(err, syscall.ENODEV) || !strings.Contains(err.Error(), `camera "fake" was disconnected`) {
		t.Fatalf("Err = %v, want disconnected with ENODEV", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
	// The reader let go of the device as soon as the camera went away.
	deadline := time.Now().Add(2 * time.Second)
	for d.closeCount() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if d.closeCount() != 1 {
		t.Error("device is still open after the camera went away")
	}
}

// TestBadFramesAreSkipped: a frame that does not decode is dropped and the
// capture goes on.
func TestBadFramesAreSkipped(t *testing.T) {
	good := jpegFrames(t, "testsrc2", testW, testH, 1)[0]
	d := newFake(frame.FormatMJPEG, testW, testH, [][]byte{[]byte("not a jpeg"), good})
	s := startFake(t, d, Options{})
	waitFrames(t, s, 3)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestCloseWhileStalled: Close returns although the camera sends nothing,
// because closing the device ends the pending read.
func TestCloseWhileStalled(t *testing.T) {
	d := newFake(frame.FormatI420, testW, testH, rawFrames(t, "testsrc2", "yuv420p", testW, testH, 1))
	d.after, d.stall = 1, true
	s := startFake(t, d, Options{})
	waitFrames(t, s, 1)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs on a stalled camera")
	}
	waitDone(t, s)
	if err := s.Err(); err != nil {
		t.Errorf("Err after Close = %v, want nil", err)
	}
}

// TestContextCancel: cancelling Open's context ends the capture cleanly.
func TestContextCancel(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	d := newFake(frame.FormatI420, testW, testH, rawFrames(t, "testsrc2", "yuv420p", testW, testH, 1))
	ctx, cancel := context.WithCancel(context.Background())
	s, err := OpenDevice(ctx, d, "fake", Options{})
	if err != nil {
		t.Fatal(err)
	}
	waitFrames(t, s, 1)
	cancel()
	waitDone(t, s)
	if err := s.Err(); err != nil {
		t.Errorf("Err = %v, want nil", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d.closeCount() != 1 {
		t.Errorf("device closed %d times, want 1", d.closeCount())
	}
	lktest.WaitNoLeaks(t, ignore)
}

// TestOpenDeviceErrors: a device that cannot open, or offers nothing
// usable, gives a one-line error and is left closed.
func TestOpenDeviceErrors(t *testing.T) {
	d := newFake(frame.FormatZ16, testW, testH, nil)
	_, err := OpenDevice(context.Background(), d, "depth", Options{})
	if !errors.Is(err, ErrNoFormat) || !strings.HasPrefix(err.Error(), `camera "depth": `) {
		t.Errorf("Z16 only: %v, want ErrNoFormat", err)
	}
	if d.closeCount() != 1 {
		t.Errorf("device closed %d times, want 1", d.closeCount())
	}
	d = newFake(frame.FormatI420, testW, testH, nil)
	d.opened = true
	if _, err := OpenDevice(context.Background(), d, "busy", Options{}); err == nil || !strings.HasPrefix(err.Error(), `open camera "busy": `) {
		t.Errorf("Open failing: %v", err)
	}
}

func ExampleOpen() {
	s, err := Open(context.Background(), "", Options{Width: 1280, Height: 720, FPS: 30})
	if err != nil {
		fmt.Println(err) // e.g. no camera found: /dev/video* does not exist
		return
	}
	defer s.Close()
	dst := yuv.NewI420(1280, 720)
	s.Next(dst, 0, time.Now())
}
