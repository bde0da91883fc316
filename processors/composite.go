package processors

import "image"

// Compositing works row by row at full resolution. Each output row is cut
// into runs by the classes of the matte's grid points around it: runs of
// sure person are left alone, runs of sure background take the backdrop
// only, and only edge runs compute alpha from the luma and blend. Chroma
// row y/2 follows luma row y and reuses its alpha at even columns. The
// matte and a blurred backdrop are interpolated straight from their grids
// over the runs that need them (upsample.go), in integers throughout.
type compositor struct {
	runs       []run
	runsFor    [2]int  // grid rows the runs were built for
	ma, mb     lowRow  // the matte's a and b around the current row
	aRow, bRow []int32 // a and b over the current edge run
	alpha      []int32 // alpha of the current luma row over its edge runs
	calpha     []int32 // the same at even columns, for chroma
	cells      []uint8 // class of each grid cell of the current rows
	bgRow      []uint8 // backdrop over an edge run
	fw, fh, cw int
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
	c.alpha, c.calpha, c.bgRow = grow(c.alpha, c.fw), grow(c.calpha, c.cw), grow(c.bgRow, c.fw)
	c.aRow, c.bRow = grow(c.aRow, c.fw), grow(c.bRow, c.fw)
	c.runs = c.runs[:0]
	c.runsFor = [2]int{-1, -1}
	for y := range c.fh {
		c.matteRow(m, y)
		row := frame.Y[y*frame.YStride : y*frame.YStride+c.fw]
		if d.blur != nil {
			c.blurLuma(row, d.blur, y)
		} else {
			c.virtualLuma(row, y, d)
		}
		if y%2 != 0 {
			continue
		}
		cy := y / 2
		cb := frame.Cb[cy*frame.CStride : cy*frame.CStride+c.cw]
		cr := frame.Cr[cy*frame.CStride : cy*frame.CStride+c.cw]
		if d.blur != nil {
			c.blurChroma(cb, cr, d.blur, cy)
		} else {
			c.virtualChroma(cb, cr, cy, d)
		}
	}
}

// matteRow selects the matte's grid rows around row y and cuts the row
// into runs, unless the grid rows are those of the previous row.
func (c *compositor) matteRow(m *matte, y int) {
	i, j, w := vTap(y, m.f, m.h)
	c.ma = lowRow{m.a[i*m.w : (i+1)*m.w], m.a[j*m.w : (j+1)*m.w], w, m.f}
	c.mb = lowRow{m.b[i*m.w : (i+1)*m.w], m.b[j*m.w : (j+1)*m.w], w, m.f}
	if c.runsFor == [2]int{i, j} {
		return
	}
	c.runsFor = [2]int{i, j}
	c.buildRuns(m.class[i*m.w:(i+1)*m.w], m.class[j*m.w:(j+1)*m.w], m.f)
}

// planeRows returns the rows of a w x h grid plane around full-resolution
// row y at scale f.
func planeRows(p []int32, w, h, f, y int) lowRow {
	i, j, wt := vTap(y, f, h)
	return lowRow{p[i*w : (i+1)*w], p[j*w : (j+1)*w], wt, f}
}

// chromaRun returns the chroma columns of run r.
func (c *compositor) chromaRun(r run) (x0, x1 int) {
	return (r.x0 + 1) / 2, min((r.x1+1)/2, c.cw)
}
