package processors

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveResample is resample computed straight from its definition: each
// output is the mean of all source samples weighted by a 2-D triangle as
// wide as the scale (at least one sample) around its centre.
func naiveResample(src []uint8, w, h int, crop [4]float64, dw, dh int) []float64 {
	weights := func(start, length float64, size, n, i int) []float64 {
		scale := length / float64(n)
		support := max(scale, 1)
		c := start + (float64(i)+0.5)*scale - 0.5
		ws := make([]float64, size)
		for k := range ws {
			ws[k] = max(1-math.Abs(float64(k)-c)/support, 0)
		}
		return ws
	}
	out := make([]float64, dw*dh)
	for y := range dh {
		wy := weights(crop[1], crop[3], h, dh, y)
		for x := range dw {
			wx := weights(crop[0], crop[2], w, dw, x)
			var sum, norm float64
			for j, b := range wy {
				for i, a := range wx {
					sum += a * b * float64(src[j*w+i])
					norm += a * b
				}
			}
			out[y*dw+x] = sum / norm
		}
	}
	return out
}

func TestResampleMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct{ w, h, dw, dh int }{
		{8, 6, 8, 6}, {20, 10, 7, 5}, {9, 7, 23, 17}, {30, 20, 12, 30}, {1, 1, 3, 2},
	} {
		src := make([]uint8, c.w*c.h)
		for i := range src {
			src[i] = uint8(rng.IntN(256))
		}
		for _, crop := range [][4]float64{
			{0, 0, float64(c.w), float64(c.h)},
			coverCrop(c.w, c.h, c.dw, c.dh),
		} {
			name := fmt.Sprintf("%dx%d crop %v to %dx%d", c.w, c.h, crop, c.dw, c.dh)
			got := resample(src, c.w, c.h, crop, c.dw, c.dh)
			want := naiveResample(src, c.w, c.h, crop, c.dw, c.dh)
			for i := range want {
				if d := math.Abs(float64(got[i]) - want[i]); d > 0.5+1e-3 {
					t.Fatalf("%s: [%d] = %d, want %.3f", name, i, got[i], want[i])
				}
			}
		}
	}
}

func TestResampleIdentity(t *testing.T) {
	src := []uint8{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255}
	got := resample(src, 4, 3, [4]float64{0, 0, 4, 3}, 4, 3)
	for i := range src {
		if got[i] != src[i] {
			t.Fatalf("same-size resample changed the plane: %v, want %v", got, src)
		}
	}
}
