package processors

import (
	"image"
	"sync"
	"testing"
	"time"
)

// TestRuntimeSwitching changes the effect from another goroutine while
// frames flow, then checks each setting on the next frame.
func TestRuntimeSwitching(t *testing.T) {
	for _, async := range []bool{false, true} {
		orig := loadPhoto(t, "messi5.jpg")
		lake := loadPhoto(t, "lake.jpg")
		e := newEffect(t, WithAsync(async), WithStride(2))
		var wg sync.WaitGroup
		wg.Add(1)
		stop := make(chan struct{})
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				switch i % 4 {
				case 0:
					e.SetBlur(float64(5 + i%20))
				case 1:
					e.SetBackground(lake)
				case 2:
					e.Clear()
				case 3:
					e.SetBackground(nil)
				}
				time.Sleep(time.Millisecond)
			}
		}()
		for range 30 {
			e.Process(cloneFrame(orig))
		}
		close(stop)
		wg.Wait()

		check := func(name string, wantChanged bool) {
			t.Helper()
			frame := cloneFrame(orig)
			e.Process(frame)
			if changed := meanDiff(frame, orig, messiBackground) > 4; changed != wantChanged {
				t.Errorf("async=%v, %s: background changed %v, want %v", async, name, changed, wantChanged)
			}
			if d := meanDiff(frame, orig, messiPerson); d > 1.5 {
				t.Errorf("async=%v, %s: person changed by %.2f", async, name, d)
			}
		}
		e.Clear()
		check("clear", false)
		e.SetBlur(DefaultBlurRadius)
		check("blur", true)
		e.SetBackground(lake)
		check("background", true)
		e.SetBlur(0)
		check("blur 0", false)
	}
}

// TestNoAllocations checks that the frame path allocates nothing once the
// frame size is steady, in each mode, the async worker's segmentation
// included. testing.AllocsPerRun counts every goroutine's allocations, so
// one run is one model cycle, stride frames, and waits for the worker: what
// the worker allocates falls inside the run that gave it the frame, at
// least once a run, and not in whichever measurement happens to be going
// on when the worker gets to run.
func TestNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation makes the check slow")
	}
	orig := loadPhoto(t, "messi5.jpg")
	lake := loadPhoto(t, "lake.jpg")
	frame := cloneFrame(orig)
	for _, tt := range []struct {
		name   string
		stride int
		opts   []Option
	}{
		{"blur", 1, []Option{WithBlur(DefaultBlurRadius)}},
		{"background", 1, []Option{WithBackground(lake), WithLightWrap(0.5)}},
		{"async stride 2", 2, []Option{WithBlur(25), WithAsync(true)}},
	} {
		e := newEffect(t, append(tt.opts, WithStride(tt.stride))...)
		cycle := func() {
			for range tt.stride {
				e.Process(frame)
			}
			e.waitIdle()
		}
		// Enough cycles for the worker to have filled every mask it swaps.
		for range 3 {
			cycle()
		}
		if n := testing.AllocsPerRun(20, cycle); n != 0 {
			t.Errorf("%s: %v allocations per cycle, want 0", tt.name, n)
		}
		e.SetBlur(7) // a new radius must not allocate either, once sizes are known
		if n := testing.AllocsPerRun(5, cycle); n != 0 {
			t.Errorf("%s after SetBlur: %v allocations per cycle, want 0", tt.name, n)
		}
	}
}

// TestAsyncCloseStopsWorker closes an async Effect while it is busy; the
// package's TestMain fails if its goroutine is left behind.
func TestAsyncCloseStopsWorker(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		e, err := New(WithBlur(DefaultBlurRadius), WithAsync(true))
		if err != nil {
			t.Error(err)
			return
		}
		frame := loadPhoto(t, "messi5.jpg")
		for range 5 {
			e.Process(frame)
		}
		e.Close()
		e.Close()
		e.Process(frame)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}

// TestSizeChange switches frame size mid-stream.
func TestSizeChange(t *testing.T) {
	orig := loadPhoto(t, "messi5.jpg")
	e := newEffect(t, WithBlur(DefaultBlurRadius), WithAsync(true))
	for _, size := range []image.Point{{548, 342}, {320, 200}, {1280, 720}, {548, 342}} {
		want := scaled(orig, size.X, size.Y)
		for range 3 {
			frame := cloneFrame(want)
			e.Process(frame)
			sameLayout(t, frame, want)
		}
	}
}
