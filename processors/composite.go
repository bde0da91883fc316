package processors

import "image"

// Compositing works row by row at full resolution. Each output row is cut
// into runs by the classes of the matte's grid points around it: runs of
// sure person are left alone, runs of sure background take the backdrop
// only, and only edge runs compute alpha from the luma and blend. Chroma
// row y/2 follows luma row y and reuses its alpha at even columns.
type compositor struct {
	a, b          upsampler // matte coefficients
	by, bu, bv    upsampler // blurred backdrop (blur only)
	runs          []run
	runsFor       [2]int // grid rows the runs were built for
	alpha         []int32
	fw, fh, cw, n int
}

// run is the columns [x0, x1) of one class in the current row.
type run struct {
	x0, x1 int
	class  uint8
}

// backdrop is what shows through the background: either the blur stage's
// grid or a virtual background at frame size, optionally with its blurred
// copy wrapped onto the person's edges.
type backdrop struct {
	blur *blurStage
	bg   *sized
	wrap int32 // light wrap strength in 256ths
}

// composite blends frame over the backdrop using m, in place.
func (c *compositor) composite(frame *image.YCbCr, m *matte, d backdrop) {
	c.fw, c.fh = frame.Rect.Dx(), frame.Rect.Dy()
	c.cw = ceilDiv(c.fw, 2)
	c.a.reset(m.a, m.w, m.h, m.f, c.fw)
	c.b.reset(m.b, m.w, m.h, m.f, c.fw)
	if s := d.blur; s != nil {
		c.by.reset(s.oy, s.w, s.h, s.f, c.fw)
		c.bu.reset(s.ou, s.w, s.h, s.f/2, c.cw)
		c.bv.reset(s.ov, s.w, s.h, s.f/2, c.cw)
	}
	c.alpha = grow(c.alpha, c.fw)
	c.runs = grow(c.runs, 0)
	c.runsFor = [2]int{-1, -1}
	for y := range c.fh {
		c.buildRuns(m, y)
		if d.blur != nil {
			c.blurLuma(frame, y)
		} else {
			c.virtualLuma(frame, y, d)
		}
		if y%2 != 0 {
			continue
		}
		cy := y / 2
		if d.blur != nil {
			c.blurChroma(frame.Cb[cy*frame.CStride:], &c.bu, cy)
			c.blurChroma(frame.Cr[cy*frame.CStride:], &c.bv, cy)
		} else {
			c.virtualChroma(frame.Cb[cy*frame.CStride:], d.bg.u[cy*c.cw:], d.bg.wu, cy, d)
			c.virtualChroma(frame.Cr[cy*frame.CStride:], d.bg.v[cy*c.cw:], d.bg.wv, cy, d)
		}
	}
}

// buildRuns cuts row y into runs, unless the grid rows around it are the
// same as for the previous row.
func (c *compositor) buildRuns(m *matte, y int) {
	i, j, _ := axisTap(y, m.f, m.h)
	if c.runsFor == [2]int{i, j} {
		return
	}
	c.runsFor = [2]int{i, j}
	c.runs = c.runs[:0]
	ri, rj := m.class[i*m.w:(i+1)*m.w], m.class[j*m.w:(j+1)*m.w]
	cells := max(m.w-1, 1)
	for k := range cells {
		k1 := min(k+1, m.w-1)
		cls := cellClass(ri[k], ri[k1], rj[k], rj[k1])
		x0, x1 := k*m.f+m.f/2, (k+1)*m.f+m.f/2
		if k == 0 {
			x0 = 0
		}
		if k == cells-1 {
			x1 = c.fw
		}
		x0, x1 = min(x0, c.fw), min(x1, c.fw)
		if x0 >= x1 {
			continue
		}
		if n := len(c.runs); n > 0 && c.runs[n-1].class == cls {
			c.runs[n-1].x1 = x1
			continue
		}
		c.runs = append(c.runs, run{x0, x1, cls})
	}
}

func cellClass(p, q, r, s uint8) uint8 {
	if p == q && p == r && p == s {
		return p
	}
	return classEdge
}

// alphaAt is the matte's alpha in 256ths for luma l at column x, from the
// upsampled coefficient rows.
func alphaAt(aT, aB, bT, bB []int32, w int32, x int, l int32) int32 {
	al := (lerp16(aT[x], aB[x], w)*l + lerp16(bT[x], bB[x], w)) >> 16
	return min(max(al, 0), 256)
}
