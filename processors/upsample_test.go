package processors

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveUp is the w x h plane p at full-resolution pixel (x, y), scale f,
// interpolated bilinearly in floating point with pixel centres aligned
// and the edge samples repeated.
func naiveUp(p []int32, w, h, f, x, y int) float64 {
	axis := func(v, n int) (int, int, float64) {
		c := min(max((float64(v)+0.5)/float64(f)-0.5, 0), float64(n-1))
		i := int(c)
		return i, min(i+1, n-1), c - float64(i)
	}
	x0, x1, tx := axis(x, w)
	y0, y1, ty := axis(y, h)
	at := func(i, j int) float64 { return float64(p[j*w+i]) }
	top := at(x0, y0) + (at(x1, y0)-at(x0, y0))*tx
	bot := at(x0, y1) + (at(x1, y1)-at(x0, y1))*tx
	return top + (bot-top)*ty
}

func randomGrid(rng *rand.Rand, n int, lo, hi int32) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = lo + rng.Int32N(hi-lo+1)
	}
	return p
}

func TestSpanU8MatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, f := range []int{1, 2, 4, 8, 16} {
		for _, sz := range [][2]int{{1, 1}, {2, 3}, {7, 5}, {20, 4}} {
			w, h := sz[0], sz[1]
			p := randomGrid(rng, w*h, 0, 255)
			fw, fh := max(w*f-rng.IntN(f), 1), max(h*f-rng.IntN(f), 1)
			// f = 16 rounds the step to 1/256 of a level.
			tol := 0.5 + 1e-9
			if f == 16 {
				tol = 0.55
			}
			out := make([]uint8, fw)
			for y := range fh {
				r := planeRows(p, w, h, f, y)
				x0 := rng.IntN(fw)
				x1 := x0 + 1 + rng.IntN(fw-x0)
				if y%2 == 0 {
					x0, x1 = 0, fw
				}
				spanU8(out[x0:x1], &r, x0)
				for x := x0; x < x1; x++ {
					want := naiveUp(p, w, h, f, x, y)
					if math.Abs(float64(out[x])-want) > tol {
						t.Fatalf("%s: (%d, %d) in [%d, %d) = %d, want %.3f",
							fmt.Sprintf("%dx%d/f=%d", w, h, f), x, y, x0, x1, out[x], want)
					}
				}
			}
		}
	}
}

func TestVTapCentres(t *testing.T) {
	for _, f := range []int{1, 2, 4, 8, 16} {
		for y := range 5 * f {
			i, j, w := vTap(y, f, 5)
			c := min(max((float64(y)+0.5)/float64(f)-0.5, 0), 4)
			if got := float64(i) + float64(w)/float64(2*f); math.Abs(got-c) > 1e-9 || (j != i+1 && j != i) {
				t.Errorf("f %d: vTap(%d) = %d, %d, %d: position %v, want %v", f, y, i, j, w, got, c)
			}
		}
	}
}
