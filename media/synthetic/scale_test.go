package synthetic

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
)

func TestDownscaleBoxFilter(t *testing.T) {
	tests := []struct {
		src    image.Point
		fx, fy int
	}{
		{image.Pt(1280, 720), 2, 2},
		{image.Pt(1280, 720), 4, 4},
		{image.Pt(132, 68), 2, 2},  // odd chroma width exercises the tail
		{image.Pt(136, 72), 4, 4},  // odd output chroma width
		{image.Pt(120, 120), 3, 3}, // general whole factor
		{image.Pt(120, 60), 4, 2},  // factors differ per direction
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v/%dx%d", tt.src, tt.fx, tt.fy), func(t *testing.T) {
			src := randomFrame(tt.src.X, tt.src.Y)
			dst := NewFrame(tt.src.X/tt.fx, tt.src.Y/tt.fy)
			Downscale(dst, src)
			for _, p := range []struct {
				name    string
				got, in []byte
				gs, is  int
				w, h    int
			}{
				{"Y", dst.Y, src.Y, dst.YStride, src.YStride, dst.Rect.Dx(), dst.Rect.Dy()},
				{"Cb", dst.Cb, src.Cb, dst.CStride, src.CStride, dst.Rect.Dx() / 2, dst.Rect.Dy() / 2},
				{"Cr", dst.Cr, src.Cr, dst.CStride, src.CStride, dst.Rect.Dx() / 2, dst.Rect.Dy() / 2},
			} {
				for y := range p.h {
					for x := range p.w {
						want := boxMean(p.in, p.is, x*tt.fx, y*tt.fy, tt.fx, tt.fy)
						if got := p.got[y*p.gs+x]; got != want {
							t.Fatalf("%s(%d,%d) = %d, want %d", p.name, x, y, got, want)
						}
					}
				}
			}
		})
	}
}

// boxMean is the rounded mean of the fx×fy block of a plane at (x, y).
func boxMean(pix []byte, stride, x, y, fx, fy int) byte {
	sum := 0
	for r := range fy {
		for c := range fx {
			sum += int(pix[(y+r)*stride+x+c])
		}
	}
	return byte((sum + fx*fy/2) / (fx * fy))
}

func TestDownscaleNearest(t *testing.T) {
	// 3 source pixels to 2: not a whole factor, so nearest-neighbour.
	src := randomFrame(96, 96)
	dst := NewFrame(64, 64)
	Downscale(dst, src)
	for _, xy := range []image.Point{{0, 0}, {1, 1}, {63, 63}, {20, 41}} {
		sx, sy := (2*xy.X+1)*96/128, (2*xy.Y+1)*96/128
		if got, want := dst.Y[xy.Y*dst.YStride+xy.X], src.Y[sy*src.YStride+sx]; got != want {
			t.Errorf("Y%v = %d, want source Y(%d,%d) = %d", xy, got, sx, sy, want)
		}
	}
	// Doubling repeats every source pixel.
	up := NewFrame(192, 192)
	Downscale(up, src)
	for y := range 192 {
		for x := range 192 {
			if got, want := up.Y[y*up.YStride+x], src.Y[y/2*src.YStride+x/2]; got != want {
				t.Fatalf("upscaled Y(%d,%d) = %d, want %d", x, y, got, want)
			}
		}
	}
}

func randomFrame(w, h int) *image.YCbCr {
	img := NewFrame(w, h)
	rng := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for _, p := range [][]byte{img.Y, img.Cb, img.Cr} {
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
	}
	return img
}

func BenchmarkDownscale(b *testing.B) {
	src := randomFrame(1280, 720)
	for _, size := range []image.Point{{640, 360}, {320, 180}} {
		b.Run("720p-to-"+fmtSize(size), func(b *testing.B) {
			dst := NewFrame(size.X, size.Y)
			for b.Loop() {
				Downscale(dst, src)
			}
			b.ReportMetric(msPerOp(b), "ms/frame")
		})
	}
	// The quarter layer made from the half layer, a quarter of the work.
	b.Run("360p-to-320x180", func(b *testing.B) {
		half, dst := NewFrame(640, 360), NewFrame(320, 180)
		Downscale(half, src)
		for b.Loop() {
			Downscale(dst, half)
		}
		b.ReportMetric(msPerOp(b), "ms/frame")
	})
}
