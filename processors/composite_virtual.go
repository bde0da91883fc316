package processors

import "image"

// wrapAt moves the person's value v towards the blurred background's wb
// by the light wrap: strongest where alpha is one half, none where alpha
// is 0 or 1, so it tints the edge only.
func wrapAt(v, wb, al, wrap int32) int32 {
	t := (al * (256 - al) >> 7) * wrap >> 8
	return v + ((wb-v)*t+128)>>8
}

// virtualLuma composites luma row y over the virtual background.
func (c *compositor) virtualLuma(frame *image.YCbCr, y int, d backdrop) {
	row := frame.Y[y*frame.YStride : y*frame.YStride+c.fw]
	bg := d.bg.y[y*c.fw : (y+1)*c.fw]
	var wb []uint8
	if d.wrap > 0 {
		wb = d.bg.wy[y*c.fw : (y+1)*c.fw]
	}
	aT, aB, aw := c.a.row(y)
	bT, bB, _ := c.b.row(y)
	keep := y%2 == 0
	for _, r := range c.runs {
		switch r.class {
		case classBackground:
			copy(row[r.x0:r.x1], bg[r.x0:r.x1])
		case classEdge:
			for x := r.x0; x < r.x1; x++ {
				l := int32(row[x])
				al := alphaAt(aT, aB, bT, bB, aw, x, l)
				if keep {
					c.alpha[x] = al
				}
				if wb != nil {
					l = wrapAt(l, int32(wb[x]), al, d.wrap)
				}
				b := int32(bg[x])
				row[x] = uint8(b + ((l-b)*al+128)>>8)
			}
		}
	}
}

// virtualChroma composites chroma row cy of one plane (p and bg start at
// the row; wrapped is the whole blurred plane or nil).
func (c *compositor) virtualChroma(p, bg, wrapped []uint8, cy int, d backdrop) {
	row, bg := p[:c.cw], bg[:c.cw]
	var wb []uint8
	if d.wrap > 0 {
		wb = wrapped[cy*c.cw : (cy+1)*c.cw]
	}
	for _, r := range c.runs {
		x0, x1 := (r.x0+1)/2, min((r.x1+1)/2, c.cw)
		switch r.class {
		case classBackground:
			copy(row[x0:x1], bg[x0:x1])
		case classEdge:
			for x := x0; x < x1; x++ {
				al := c.alpha[2*x]
				v := int32(row[x])
				if wb != nil {
					v = wrapAt(v, int32(wb[x]), al, d.wrap)
				}
				b := int32(bg[x])
				row[x] = uint8(b + ((v-b)*al+128)>>8)
			}
		}
	}
}
