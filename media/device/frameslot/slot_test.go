package frameslot

import (
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/yuv"
)

func mean(b []byte) float64 {
	sum := 0
	for _, v := range b {
		sum += int(v)
	}
	return float64(sum) / float64(len(b))
}

// TestEmptyPaintsBlack: before the first frame CopyTo paints dst black and
// reports no capture time.
func TestEmptyPaintsBlack(t *testing.T) {
	var s Slot
	dst := yuv.NewI420(16, 8)
	fill(dst.Y, 200)
	fill(dst.Cb, 10)
	if c := s.CopyTo(dst); !c.IsZero() {
		t.Errorf("capture = %v, want zero", c)
	}
	if mean(dst.Y) != 16 || mean(dst.Cb) != 128 || mean(dst.Cr) != 128 {
		t.Errorf("Y %.1f Cb %.1f Cr %.1f, want black", mean(dst.Y), mean(dst.Cb), mean(dst.Cr))
	}
	if n := s.Frames(); n != 0 {
		t.Errorf("Frames = %d, want 0", n)
	}
}

// TestSwapReturnsPrevious: Swap hands back the frame it replaces, and
// CopyTo scales the latest one with its capture time.
func TestSwapReturnsPrevious(t *testing.T) {
	var s Slot
	a, b := yuv.NewI420(32, 16), yuv.NewI420(32, 16)
	fill(a.Y, 50)
	fill(b.Y, 100)
	t0 := time.Unix(100, 0)
	if old := s.Swap(a, t0); old != nil {
		t.Fatalf("first Swap returned %p, want nil", old)
	}
	if old := s.Swap(b, t0.Add(time.Second)); old != a {
		t.Fatalf("second Swap returned %p, want the first frame %p", old, a)
	}
	dst := yuv.NewI420(16, 8)
	if c := s.CopyTo(dst); !c.Equal(t0.Add(time.Second)) {
		t.Errorf("capture = %v, want %v", c, t0.Add(time.Second))
	}
	if y := mean(dst.Y); y != 100 {
		t.Errorf("mean Y %.1f, want 100 (the latest frame, scaled)", y)
	}
	if n := s.Frames(); n != 2 {
		t.Errorf("Frames = %d, want 2", n)
	}
}

// TestConcurrent swaps and copies at once; run with -race.
func TestConcurrent(t *testing.T) {
	var s Slot
	done := make(chan struct{})
	go func() {
		defer close(done)
		spare := yuv.NewI420(32, 16)
		for range 200 {
			spare = s.Swap(spare, time.Now())
			if spare == nil {
				spare = yuv.NewI420(32, 16)
			}
		}
	}()
	dst := yuv.NewI420(16, 8)
	for range 200 {
		s.CopyTo(dst)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("swapper did not finish")
	}
	if n := s.Frames(); n != 200 {
		t.Errorf("Frames = %d, want 200", n)
	}
}
