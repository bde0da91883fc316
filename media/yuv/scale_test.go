package yuv

import (
	"image"
	"testing"
)

func TestScaleSameSizeCopies(t *testing.T) {
	src := NewI420(7, 5)
	for i := range src.Y {
		src.Y[i] = byte(i * 13)
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = byte(i*5), byte(255-i)
	}
	dst := NewI420(7, 5)
	Scale(dst, src)
	for i := range src.Y {
		if dst.Y[i] != src.Y[i] {
			t.Fatalf("Y[%d] = %d, want %d", i, dst.Y[i], src.Y[i])
		}
	}
	for i := range src.Cb {
		if dst.Cb[i] != src.Cb[i] || dst.Cr[i] != src.Cr[i] {
			t.Fatalf("chroma %d differs", i)
		}
	}
}

// TestScaleGradient scales a horizontal ramp up and down: every output
// pixel must be the ramp's value at its centre, within rounding.
func TestScaleGradient(t *testing.T) {
	const sw, sh = 64, 16
	src := NewI420(sw, sh)
	for y := range sh {
		for x := range sw {
			src.Y[y*src.YStride+x] = byte(16 + 3*x) // 16 .. 205
		}
	}
	for _, dw := range []int{32, 48, 100, 128, 20} {
		dst := NewI420(dw, 10)
		Scale(dst, src)
		for y := range 10 {
			for x := range dw {
				pos := (float64(x)+0.5)*sw/float64(dw) - 0.5
				pos = max(0, min(sw-1, pos))
				want := 16 + 3*pos
				got := float64(dst.Y[y*dst.YStride+x])
				if got < want-1 || got > want+1 {
					t.Fatalf("width %d: Y(%d,%d) = %v, want %.2f ±1", dw, x, y, got, want)
				}
			}
		}
	}
}

func TestScaleHalvingAveragesPairs(t *testing.T) {
	src := NewI420(4, 2)
	copy(src.Y, []byte{10, 20, 100, 200, 30, 40, 0, 0})
	dst := NewI420(2, 1)
	Scale(dst, src)
	if dst.Y[0] != 25 || dst.Y[1] != 75 {
		t.Fatalf("Y = %v, want [25 75], the means of the 2x2 blocks", dst.Y[:2])
	}
}

func TestScaleOddSizesKeepColour(t *testing.T) {
	for _, sz := range [][4]int{{7, 5, 3, 3}, {3, 3, 9, 11}, {1, 1, 5, 5}, {1921, 1081, 641, 359}} {
		src := NewI420(sz[0], sz[1])
		fillBytes(src.Y, 81)
		fillBytes(src.Cb, 90)
		fillBytes(src.Cr, 240)
		dst := NewI420(sz[2], sz[3])
		Scale(dst, src)
		checkSolid(t, "scaled", dst, 81, 90, 240)
	}
}

func TestScaleAllocatesNothing(t *testing.T) {
	src, dst := NewI420(1920, 1080), NewI420(1280, 720)
	if n := testing.AllocsPerRun(5, func() { Scale(dst, src) }); n != 0 {
		t.Fatalf("%v allocations per Scale, want 0", n)
	}
	third := NewI420(640, 360) // the box filter
	if n := testing.AllocsPerRun(5, func() { Scale(third, src) }); n != 0 {
		t.Fatalf("%v allocations per Scale to a third, want 0", n)
	}
}

func TestScalePanicsOnNon420(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	Scale(NewI420(2, 2), image.NewYCbCr(image.Rect(0, 0, 2, 2), image.YCbCrSubsampleRatio422))
}

func BenchmarkScale1080pTo720p(b *testing.B) {
	src, dst := NewI420(1920, 1080), NewI420(1280, 720)
	for i := range src.Y {
		src.Y[i] = byte(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Scale(dst, src)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

func TestScaleShrinkingAThirdAveragesFineDetail(t *testing.T) {
	// One-pixel stripes, shrunk to a third: bilinear would pick stripes
	// and show black or white; the box filter shows their mean, grey.
	src := NewI420(96, 48)
	for y := range 48 {
		for x := range 96 {
			src.Y[y*src.YStride+x] = byte(255 * (x % 2))
		}
	}
	dst := NewI420(32, 16)
	Scale(dst, src)
	for i, v := range dst.Y {
		if v < 80 || v > 175 {
			t.Fatalf("Y[%d] = %d, want a grey near 85 or 170, the mean of 3 stripes", i, v)
		}
	}
}

func BenchmarkScale2160pTo720p(b *testing.B) {
	src, dst := NewI420(3840, 2160), NewI420(1280, 720)
	b.ReportAllocs()
	for b.Loop() {
		Scale(dst, src)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

func TestScaleBoxWideSourceMatches(t *testing.T) {
	// The stack column sums and the plain loop agree, up to rounding.
	src := plane{make([]byte, 300*40), 300, 300, 40}
	for i := range src.pix {
		src.pix[i] = byte(i * 31 % 251)
	}
	a := plane{make([]byte, 70*13), 70, 70, 13}
	b := plane{make([]byte, 70*13), 70, 70, 13}
	boxPlane(a, src)
	boxPlaneWide(b, src)
	for i := range a.pix {
		if d := int(a.pix[i]) - int(b.pix[i]); d < -1 || d > 1 {
			t.Fatalf("pixel %d: %d and %d", i, a.pix[i], b.pix[i])
		}
	}
}
