package processors

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// naiveDownsample averages the f x f blocks of a w x h plane one sample
// at a time, blocks cut by the edges averaging what they have.
func naiveDownsample(src []uint8, stride, w, h, f int) []float32 {
	dw, dh := ceilDiv(w, f), ceilDiv(h, f)
	out := make([]float32, dw*dh)
	for by := range dh {
		for bx := range dw {
			var sum, n int
			for y := by * f; y < min(by*f+f, h); y++ {
				for x := bx * f; x < min(bx*f+f, w); x++ {
					sum += int(src[y*stride+x])
					n++
				}
			}
			out[by*dw+bx] = float32(sum) / float32(n)
		}
	}
	return out
}

func TestDownsampleMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sz := range [][2]int{{1, 1}, {5, 3}, {8, 8}, {17, 9}, {31, 33}, {64, 16}, {100, 37}} {
		for _, f := range []int{1, 2, 4, 8, 16} {
			w, h := sz[0], sz[1]
			stride := w + rng.IntN(9)
			src := make([]uint8, stride*h)
			for i := range src {
				src[i] = uint8(rng.IntN(256))
			}
			// Extremes too: lanes must not carry at 255.
			if rng.IntN(2) == 0 {
				for i := range src {
					src[i] = 255
				}
			}
			dst := make([]float32, ceilDiv(w, f)*ceilDiv(h, f))
			downsample(dst, src, stride, w, h, f, make([]uint64, downsampleScratch(w)))
			want := naiveDownsample(src, stride, w, h, f)
			for i := range want {
				if d := dst[i] - want[i]; d > 1e-3 || d < -1e-3 {
					t.Fatalf("%s: [%d] = %v, want %v", fmt.Sprintf("%dx%d/f=%d", w, h, f), i, dst[i], want[i])
				}
			}
		}
	}
}
