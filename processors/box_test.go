package processors

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// naiveBox is boxH (rows) or boxV (columns) the slow way: each output is
// the mean of its 2r+1 neighbours, the plane's edge samples repeated.
func naiveBox(p []float32, w, h, r int, vertical bool) []float32 {
	out := make([]float32, len(p))
	for y := range h {
		for x := range w {
			var sum float64
			for k := -r; k <= r; k++ {
				xx, yy := x, y
				if vertical {
					yy = min(max(y+k, 0), h-1)
				} else {
					xx = min(max(x+k, 0), w-1)
				}
				sum += float64(p[yy*w+xx])
			}
			out[y*w+x] = float32(sum / float64(2*r+1))
		}
	}
	return out
}

func randomPlane(rng *rand.Rand, n int) []float32 {
	p := make([]float32, n)
	for i := range p {
		p[i] = rng.Float32() * 255
	}
	return p
}

func TestBoxMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][2]int{{1, 1}, {1, 7}, {7, 1}, {2, 3}, {9, 5}, {33, 17}, {64, 9}} {
		for _, r := range []int{0, 1, 2, 3, 5, 40} {
			w, h := sz[0], sz[1]
			name := fmt.Sprintf("%dx%d/r=%d", w, h, r)
			p := randomPlane(rng, w*h)
			got := append([]float32(nil), p...)
			boxH(got, w, h, r, make([]float32, boxScratch(w)))
			checkClose(t, name+"/rows", got, naiveBox(p, w, h, r, false))
			got = append(got[:0], p...)
			boxV(got, w, h, r, make([]float32, w), make([]float32, (2*r+2)*w))
			checkClose(t, name+"/columns", got, naiveBox(p, w, h, r, true))
		}
	}
}

// checkClose fails t if got and want differ by more than float32 running
// sums may drift on values up to 255.
func checkClose(t *testing.T, name string, got, want []float32) {
	t.Helper()
	for i := range want {
		if d := got[i] - want[i]; d > 1e-3 || d < -1e-3 {
			t.Fatalf("%s: [%d] = %v, want %v", name, i, got[i], want[i])
		}
	}
}

func TestGaussBoxesVariance(t *testing.T) {
	// Three boxes of radius r add variance ((2r+1)^2-1)/12 each.
	for _, sigma := range []float64{0.5, 1.15, 2.5, 6.2, 20} {
		var v float64
		for _, r := range gaussBoxes(sigma) {
			w := float64(2*r + 1)
			v += (w*w - 1) / 12
		}
		if d := v - sigma*sigma; d > 0.5*sigma*sigma || d < -0.5*sigma*sigma-0.3 {
			t.Errorf("sigma %v: boxes %v have variance %.2f, want about %.2f", sigma, gaussBoxes(sigma), v, sigma*sigma)
		}
	}
}
