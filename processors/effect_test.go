package processors

import (
	"errors"
	"image"
	"math"
	"testing"
)

var _ interface{ Process(*image.YCbCr) } = (*Effect)(nil)

// Regions of messi5.jpg (548x342): crowd above the player's arm, and his
// shirt.
var (
	messiBackground = image.Rect(10, 10, 150, 80)
	messiPerson     = image.Rect(215, 150, 265, 210)
)

// meanDiff is the mean absolute luma difference of a and b over r.
func meanDiff(a, b *image.YCbCr, r image.Rectangle) float64 {
	var sum float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			sum += math.Abs(float64(a.Y[y*a.YStride+x]) - float64(b.Y[y*b.YStride+x]))
		}
	}
	return sum / float64(r.Dx()*r.Dy())
}

// meanChromaDiff is meanDiff for the Cb plane over r (in luma coordinates).
func meanChromaDiff(a, b *image.YCbCr, r image.Rectangle) float64 {
	var sum float64
	for y := r.Min.Y / 2; y < r.Max.Y/2; y++ {
		for x := r.Min.X / 2; x < r.Max.X/2; x++ {
			sum += math.Abs(float64(a.Cb[y*a.CStride+x]) - float64(b.Cb[y*b.CStride+x]))
		}
	}
	return sum / float64(r.Dx()*r.Dy()/4)
}

func newEffect(t testing.TB, opts ...Option) *Effect {
	t.Helper()
	e, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// sameLayout checks that processing kept the frame's size and format.
func sameLayout(t *testing.T, got, want *image.YCbCr) {
	t.Helper()
	if got.Rect != want.Rect || got.SubsampleRatio != want.SubsampleRatio || got.YStride != want.YStride ||
		got.CStride != want.CStride || len(got.Y) != len(want.Y) || len(got.Cb) != len(want.Cb) || len(got.Cr) != len(want.Cr) {
		t.Errorf("frame layout changed: %v %v, want %v %v", got.Rect, got.SubsampleRatio, want.Rect, want.SubsampleRatio)
	}
}

func TestBlurPhoto(t *testing.T) {
	for _, radius := range []float64{3, DefaultBlurRadius, 40} {
		orig := loadPhoto(t, "messi5.jpg")
		frame := cloneFrame(orig)
		e := newEffect(t, WithBlur(radius), WithModel(0))
		e.Process(frame)
		sameLayout(t, frame, orig)
		bg, fg := meanDiff(frame, orig, messiBackground), meanDiff(frame, orig, messiPerson)
		if bg < 4 || fg > 1.5 || meanChromaDiff(frame, orig, messiPerson) > 1.5 {
			t.Errorf("radius %v: background changed by %.1f (want > 4), person by %.2f (want < 1.5)", radius, bg, fg)
		}
	}
}

func TestBackgroundPhoto(t *testing.T) {
	orig := loadPhoto(t, "messi5.jpg")
	lake := loadPhoto(t, "lake.jpg")
	frame := cloneFrame(orig)
	e := newEffect(t, WithBackground(lake), WithLightWrap(0.5))
	e.Process(frame)
	sameLayout(t, frame, orig)
	// The lake (380x254) covers the 548x342 frame: scaled by 1.44, cropped
	// top and bottom; compare the frame's background with it there.
	want := scaled(lake, 548, 366)
	want.Rect = image.Rect(0, 0, 548, 342)
	want.Y = want.Y[12*want.YStride:]
	want.Cb = want.Cb[6*want.CStride:]
	if d := meanDiff(frame, want, messiBackground); d > 4 {
		t.Errorf("background differs from the lake by %.1f", d)
	}
	if d := meanDiff(frame, orig, messiPerson); d > 1.5 {
		t.Errorf("person changed by %.2f", d)
	}
}

func TestNoPerson(t *testing.T) {
	orig := loadPhoto(t, "lake.jpg")
	frame := cloneFrame(orig)
	e := newEffect(t, WithBlur(DefaultBlurRadius))
	e.Process(frame)
	mask := image.NewGray(orig.Rect)
	if err := e.AlphaInto(orig, mask); err != nil {
		t.Fatal(err)
	}
	// The model sees a little of a person in the wooded shore; sky and
	// water are plainly background.
	for _, r := range []image.Rectangle{image.Rect(0, 0, 300, 80), image.Rect(0, 140, 300, 254)} {
		var sum int
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for _, v := range mask.Pix[y*mask.Stride+r.Min.X : y*mask.Stride+r.Max.X] {
				sum += int(v)
			}
		}
		if mean := float64(sum) / float64(r.Dx()*r.Dy()) / 255; mean > 0.05 {
			t.Errorf("mean mask %.3f in %v of a photo with no person, want < 0.05", mean, r)
		}
	}
}

func TestClearPassesThrough(t *testing.T) {
	orig := loadPhoto(t, "messi5.jpg")
	e := newEffect(t, WithBlur(DefaultBlurRadius))
	e.Clear()
	frame := cloneFrame(orig)
	e.Process(frame)
	if meanDiff(frame, orig, frame.Rect) != 0 || meanChromaDiff(frame, orig, frame.Rect) != 0 {
		t.Error("a cleared effect changed the frame")
	}
}

func TestBadSettings(t *testing.T) {
	e := newEffect(t)
	for _, r := range []float64{-1, math.NaN(), MaxBlurRadius + 1} {
		if err := e.SetBlur(r); !errors.Is(err, ErrBadRadius) {
			t.Errorf("SetBlur(%v) = %v, want ErrBadRadius", r, err)
		}
	}
	if err := e.SetBackground(image.NewRGBA(image.Rect(0, 0, 0, 0))); !errors.Is(err, ErrBadImage) {
		t.Errorf("SetBackground(empty) = %v, want ErrBadImage", err)
	}
	for _, o := range []Option{WithStride(0), WithWorkers(0), WithLightWrap(2), WithBlur(-3), WithModel(7)} {
		if _, err := New(o); err == nil {
			t.Error("New accepted a bad option")
		}
	}
	e.Close()
	if err := e.SetBlur(5); !errors.Is(err, ErrClosed) {
		t.Errorf("SetBlur after Close = %v, want ErrClosed", err)
	}
	frame := loadPhoto(t, "messi5.jpg")
	e.Process(frame) // passes through, no panic
}
