//go:build linux && cgo && !nox11

package screen

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/procstat"
	"github.com/lkbot/lkbot/internal/xvfbtest"
	"github.com/lkbot/lkbot/media/yuv"
)

// startDisplay starts Xvfb and points DISPLAY at it for this test; the
// driver reads DISPLAY when a screen is opened.
func startDisplay(t testing.TB, w, h int) *xvfbtest.Display {
	t.Helper()
	d := xvfbtest.Start(t, w, h)
	t.Setenv("DISPLAY", d.Name())
	return d
}

// open opens a screen and closes it at the end of the test, checking that
// nothing is left running.
func open(t testing.TB, id string, o Options) *Source {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	s, err := Open(context.Background(), id, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		select {
		case <-s.Done():
		default:
			t.Error("Done is open after Close")
		}
		lktest.WaitNoLeaks(t, ignore)
	})
	return s
}

// limited is c in BT.601 limited-range Y, Cb, Cr.
func limited(c color.RGBA) (y, cb, cr float64) {
	r, g, b := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
	return 16 + 65.481*r + 128.553*g + 24.966*b,
		128 - 37.797*r - 74.203*g + 112*b,
		128 + 112*r - 93.786*g - 18.214*b
}

func mean(b []byte) float64 {
	var sum int
	for _, v := range b {
		sum += int(v)
	}
	return float64(sum) / float64(len(b))
}

// waitColor waits until the source shows c all over.
func waitColor(t *testing.T, s *Source, c color.RGBA) {
	t.Helper()
	wy, wcb, wcr := limited(c)
	w, h := s.Size()
	dst := yuv.NewI420(w, h)
	var y, cb, cr float64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		s.Next(dst, 0, time.Now())
		y, cb, cr = mean(dst.Y), mean(dst.Cb), mean(dst.Cr)
		if math.Abs(y-wy) <= 1.5 && math.Abs(cb-wcb) <= 1.5 && math.Abs(cr-wcr) <= 1.5 {
			return
		}
	}
	t.Fatalf("screen painted %v: Y %.1f Cb %.1f Cr %.1f, want %.1f %.1f %.1f (err %v)",
		c, y, cb, cr, wy, wcb, wcr, s.Err())
}

func TestCaptureColors(t *testing.T) {
	x := startDisplay(t, 320, 240)
	s := open(t, "", Options{FPS: 30})
	if w, h := s.Size(); w != 320 || h != 240 {
		t.Fatalf("Size = %dx%d, want the screen's 320x240", w, h)
	}
	for _, c := range []color.RGBA{
		{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
		{A: 0xff},
		{R: 0xff, A: 0xff},
		{G: 0xff, A: 0xff},
		{B: 0xff, A: 0xff},
		{R: 0x20, G: 0x80, B: 0xc0, A: 0xff},
	} {
		x.Paint(c)
		waitColor(t, s, c)
	}
	if n := s.Frames(); n < 2 {
		t.Errorf("Frames = %d", n)
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestCaptureWindow checks that what is on screen lands where it is: a
// window at the top-left corner over a coloured root.
func TestCaptureWindow(t *testing.T) {
	x := startDisplay(t, 320, 240)
	x.Paint(color.RGBA{B: 0xff, A: 0xff})
	x.StartLogo(100, 100) // white with a black logo
	s := open(t, "0", Options{FPS: 30})
	_, blueCb, _ := limited(color.RGBA{B: 0xff, A: 0xff})
	dst := yuv.NewI420(320, 240)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		s.Next(dst, 0, time.Now())
		// The logo's corner is grey (Cb 128); the bottom right stays blue.
		corner := dst.Cb[dst.COffset(10, 10)]
		far := dst.Cb[dst.COffset(300, 220)]
		if math.Abs(float64(corner)-128) <= 2 && math.Abs(float64(far)-blueCb) <= 2 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Cb at the window %d, outside %d; want 128 and %.0f", corner, far, blueCb)
		}
	}
}

func TestScaleDown(t *testing.T) {
	startDisplay(t, 640, 480)
	tests := []struct {
		o    Options
		w, h int
	}{
		{Options{}, 640, 480},
		{Options{MaxWidth: 320}, 320, 240},
		{Options{MaxHeight: 120}, 160, 120},
		{Options{MaxWidth: 200, MaxHeight: 200}, 200, 150},
		{Options{MaxWidth: 1920, MaxHeight: 1080}, 640, 480}, // never upscales
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.o.MaxWidth, tt.o.MaxHeight), func(t *testing.T) {
			s := open(t, "X11Screen0", tt.o)
			if w, h := s.Size(); w != tt.w || h != tt.h {
				t.Fatalf("Size = %dx%d, want %dx%d", w, h, tt.w, tt.h)
			}
			for s.Frames() == 0 {
				time.Sleep(10 * time.Millisecond)
			}
			// Next scales to whatever dst is.
			dst := yuv.NewI420(64, 48)
			s.Next(dst, 0, time.Now())
		})
	}
}

func TestList(t *testing.T) {
	startDisplay(t, 400, 300)
	screens, err := List()
	if err != nil {
		t.Fatal(err)
	}
	if len(screens) == 0 || screens[0] != (Info{ID: "X11Screen0", Index: 0, Width: 400, Height: 300}) {
		t.Errorf("List = %+v, want X11Screen0 400x300 first", screens)
	}
	// Screens registered late are registered once.
	if _, err := List(); err != nil {
		t.Fatal(err)
	}
	if ds := driver.GetManager().Query(driver.FilterDeviceType(driver.Screen)); len(ds) != 1 {
		t.Errorf("%d screens registered, want 1", len(ds))
	}
}

func TestOpenErrors(t *testing.T) {
	startDisplay(t, 320, 240)
	_, err := Open(context.Background(), "7", Options{})
	if !errors.Is(err, ErrNoDevice) || strings.Contains(err.Error(), "\n") {
		t.Errorf("Open(7) = %v, want one line with ErrNoDevice", err)
	}
	s := open(t, "", Options{})
	if _, err := Open(context.Background(), "0", Options{}); !errors.Is(err, ErrBusy) {
		t.Errorf("second Open = %v, want ErrBusy", err)
	}
	if s.Err() != nil {
		t.Error(s.Err())
	}
}

func TestNoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	if _, err := List(); !errors.Is(err, ErrNoDisplay) {
		t.Errorf("List = %v, want ErrNoDisplay", err)
	}
	_, err := Open(context.Background(), "", Options{})
	if !errors.Is(err, ErrNoDisplay) || err.Error() != "no X display: DISPLAY is not set" {
		t.Errorf("Open = %v, want ErrNoDisplay", err)
	}
}

// TestContextCancel: cancelling Open's context ends the capture.
func TestContextCancel(t *testing.T) {
	startDisplay(t, 320, 240)
	ignore := goleak.IgnoreCurrent()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Open(ctx, "", Options{FPS: 30})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("capture did not end with its context")
	}
	if err := s.Close(); err != nil || s.Err() != nil {
		t.Errorf("Close = %v, Err = %v", err, s.Err())
	}
	lktest.WaitNoLeaks(t, ignore)
	// The screen was closed and can be opened again.
	open(t, "", Options{})
}

// BenchmarkScreen720p15 is the CPU a 1280x720 screen costs captured at
// 15 fps and converted to I420, in ms of this process's CPU per second
// (Xvfb's own copy into shared memory is not counted).
func BenchmarkScreen720p15(b *testing.B) {
	startDisplay(b, 1280, 720)
	s, err := Open(context.Background(), "", Options{FPS: 15})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for s.Frames() == 0 {
		time.Sleep(time.Millisecond)
	}
	dst := yuv.NewI420(1280, 720)
	b.ResetTimer()
	cpu0, start, frames0 := procstat.CPU(), time.Now(), s.Frames()
	for s.Frames() < frames0+uint64(b.N) {
		time.Sleep(time.Second / 15)
		s.Next(dst, 0, time.Now()) // as the encoder's capture loop would
	}
	wall, cpu := time.Since(start), procstat.CPU()-cpu0
	b.StopTimer()
	b.ReportMetric(float64(cpu.Milliseconds())/wall.Seconds(), "ms-CPU/s")
	b.ReportMetric(float64(s.Frames()-frames0)/wall.Seconds(), "frames/s")
}

func ExampleOpen() {
	// A 1920x1080 screen is captured as 1280x720.
	s, err := Open(context.Background(), "", Options{FPS: 15, MaxWidth: 1280, MaxHeight: 720})
	if err != nil {
		fmt.Println(err) // e.g. no X display: DISPLAY is not set
		return
	}
	defer s.Close()
	w, h := s.Size()
	dst := yuv.NewI420(w, h)
	s.Next(dst, 0, time.Now())
}

var _ interface {
	Next(*image.YCbCr, uint32, time.Time)
} = (*Source)(nil)

// TestDeadDisplay: DISPLAY names a display that is not running.
func TestDeadDisplay(t *testing.T) {
	t.Setenv("DISPLAY", ":4242")
	_, err := Open(context.Background(), "", Options{})
	// Before any screen is registered there is none to find; after, the
	// registered one fails to open.
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), `display ":4242"`) {
		t.Errorf("Open = %v, want one line naming the display", err)
	}
	t.Log(err)
}
