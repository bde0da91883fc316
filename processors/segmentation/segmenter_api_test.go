package segmentation

import (
	"errors"
	"image"
	"image/color"
	"runtime"
	"testing"
	"time"
)

func TestSegmentAllocatesNothing(t *testing.T) {
	frame := loadFrame(t, "messi5.jpg")
	for _, workers := range []int{1, 2} {
		s, err := NewSegmenter(Landscape, WithWorkers(workers))
		if err != nil {
			t.Fatal(err)
		}
		var m Mask
		if err := s.Segment(frame, &m); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(3, func() {
			if err := s.Segment(frame, &m); err != nil {
				t.Fatal(err)
			}
		})
		s.Close()
		if allocs != 0 {
			t.Errorf("%d workers: %v allocations per Segment, want 0", workers, allocs)
		}
	}
}

func TestSegmentRejectsBadFrames(t *testing.T) {
	s, err := NewSegmenter(Landscape)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	short := image.NewYCbCr(image.Rect(0, 0, 64, 64), image.YCbCrSubsampleRatio420)
	short.Cr = short.Cr[:10]
	for name, f := range map[string]*image.YCbCr{
		"nil":          nil,
		"empty":        image.NewYCbCr(image.Rect(0, 0, 0, 0), image.YCbCrSubsampleRatio420),
		"short planes": short,
		"bad ratio":    {Rect: image.Rect(0, 0, 4, 4), SubsampleRatio: 99, Y: make([]byte, 16), Cb: make([]byte, 16), Cr: make([]byte, 16), YStride: 4, CStride: 4},
	} {
		var m Mask
		if err := s.Segment(f, &m); !errors.Is(err, ErrBadFrame) {
			t.Errorf("%s: got %v, want ErrBadFrame", name, err)
		}
	}
}

func TestNewSegmenterUnknownModel(t *testing.T) {
	if _, err := NewSegmenter(ModelKind(7)); !errors.Is(err, ErrUnknownModel) {
		t.Fatalf("got %v, want ErrUnknownModel", err)
	}
}

func TestCloseStopsWorkers(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := NewSegmenter(Landscape, WithWorkers(3))
	if err != nil {
		t.Fatal(err)
	}
	var m Mask
	if err := s.Segment(loadFrame(t, "lake.jpg"), &m); err != nil {
		t.Fatal(err)
	}
	s.Close()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after Close, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestResizeInto(t *testing.T) {
	src := Mask{Width: 2, Height: 1, Conf: []float32{0, 1}}
	var dst Mask
	src.ResizeInto(&dst, 4, 2)
	want := []float32{0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1}
	if dst.Width != 4 || dst.Height != 2 {
		t.Fatalf("size %dx%d, want 4x2", dst.Width, dst.Height)
	}
	for i := range want {
		if d := dst.Conf[i] - want[i]; d > 1e-6 || d < -1e-6 {
			t.Fatalf("got %v, want %v", dst.Conf, want)
		}
	}
	// Shrinking reuses the storage.
	before := &dst.Conf[0]
	src.ResizeInto(&dst, 2, 1)
	if &dst.Conf[0] != before || len(dst.Conf) != 2 || dst.Conf[0] != 0 || dst.Conf[1] != 1 {
		t.Fatalf("shrunk to %v", dst.Conf)
	}
}

func TestSampleConvertsColour(t *testing.T) {
	// A uniform frame, inside a larger one so that Rect.Min is not zero,
	// becomes uniform RGB as image/color converts it.
	big := image.NewYCbCr(image.Rect(0, 0, 40, 30), image.YCbCrSubsampleRatio420)
	c := color.YCbCr{Y: 120, Cb: 90, Cr: 200}
	for i := range big.Y {
		big.Y[i] = c.Y
	}
	for i := range big.Cb {
		big.Cb[i], big.Cr[i] = c.Cb, c.Cr
	}
	frame := big.SubImage(image.Rect(6, 4, 38, 28)).(*image.YCbCr)
	var s frameSampler
	dst := make([]float32, 8*5*3)
	s.sample(frame, dst, 8, 5)
	r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
	want := []float32{float32(r) / 255, float32(g) / 255, float32(b) / 255}
	for i, v := range dst {
		if d := v - want[i%3]; d > 1.5/255 || d < -1.5/255 {
			t.Fatalf("value %d (channel %d) = %v, want %v", i, i%3, v, want[i%3])
		}
	}
}

func TestSegmentOddFrames(t *testing.T) {
	s, err := NewSegmenter(Landscape)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ratios := []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio444,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	}
	for _, ratio := range ratios {
		for _, r := range []image.Rectangle{image.Rect(0, 0, 1, 1), image.Rect(0, 0, 3, 5), image.Rect(0, 0, 641, 361)} {
			big := image.NewYCbCr(r.Add(image.Pt(3, 5)).Union(image.Rect(0, 0, 1, 1)), ratio)
			for _, f := range []*image.YCbCr{image.NewYCbCr(r, ratio), big.SubImage(r.Add(image.Pt(3, 5))).(*image.YCbCr)} {
				var m Mask
				if err := s.Segment(f, &m); err != nil {
					t.Errorf("%v %v: %v", ratio, f.Rect, err)
				}
			}
		}
	}
}
