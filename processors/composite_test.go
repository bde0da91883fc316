package processors

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestCellClasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 40; n++ {
		for range 100 {
			ri, rj := make([]uint8, n), make([]uint8, n)
			for i := range ri {
				if rng.IntN(2) == 0 { // runs of one class, as in real mattes
					ri[i], rj[i] = uint8(rng.IntN(3)), uint8(rng.IntN(3))
				}
			}
			cells := max(n-1, 1)
			dst := make([]uint8, cells)
			cellClasses(dst, ri, rj)
			for k := range cells {
				k1 := min(k+1, n-1)
				if want := cellClass(ri[k], ri[k1], rj[k], rj[k1]); dst[k] != want {
					t.Fatalf("cell %d of %v over %v: class %d, want %d", k, ri, rj, dst[k], want)
				}
			}
		}
	}
}

// TestEdgeAlphaMatchesNaive checks the matte's alpha, interpolated from
// its grid in fixed point, against floating point.
func TestEdgeAlphaMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, f := range []int{2, 4, 8, 16} {
		w, h := 9, 4
		fw, fh := w*f-rng.IntN(f), h*f-rng.IntN(f)
		m := &matte{fw: fw, fh: fh, w: w, h: h, f: f, class: make([]uint8, w*h),
			a: randomGrid(rng, w*h, -2056, 2056), b: randomGrid(rng, w*h, -300000, 300000)}
		var c compositor
		c.fw, c.cw = fw, ceilDiv(fw, 2)
		c.alpha, c.aRow, c.bRow = make([]int32, fw), make([]int32, fw), make([]int32, fw)
		c.runsFor = [2]int{-1, -1}
		row := make([]uint8, fw)
		for y := range fh {
			for x := range row {
				row[x] = uint8(rng.IntN(256))
			}
			c.matteRow(m, y)
			x0 := rng.IntN(fw)
			x1 := x0 + 1 + rng.IntN(fw-x0)
			al := c.edgeAlpha(row, x0, x1)
			for x := x0; x < x1; x++ {
				a, b := naiveUp(m.a, w, h, f, x, y), naiveUp(m.b, w, h, f, x, y)
				want := min(max((a*float64(row[x])+b)/256, 0), 256)
				if math.Abs(float64(al[x-x0])-want) > 1.5 {
					t.Fatalf("%s: alpha at (%d, %d) = %d, want %.2f", fmt.Sprintf("f=%d", f), x, y, al[x-x0], want)
				}
			}
		}
	}
}
