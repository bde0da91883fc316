package processors

// wrapRow moves the person's values in dst towards the blurred
// background's wb by the light wrap: strongest where alpha is one half,
// none where alpha is 0 or 1, so it tints the edge only.
func wrapRow(dst, wb []uint8, al []int32, wrap int32) {
	wb, al = wb[:len(dst)], al[:len(dst)]
	for i, v := range dst {
		t := (al[i] * (256 - al[i]) >> 7) * wrap >> 8
		p := int32(v)
		dst[i] = uint8(p + ((int32(wb[i])-p)*t+128)>>8)
	}
}

// virtualLuma composites luma row y over the virtual background.
func (c *compositor) virtualLuma(row []uint8, y int, d backdrop) {
	bg := d.bg.y[y*c.fw : (y+1)*c.fw]
	for _, r := range c.runs {
		switch r.class {
		case classBackground:
			copy(row[r.x0:r.x1], bg[r.x0:r.x1])
		case classEdge:
			// Alpha follows the camera's luma, before the wrap.
			al := c.edgeAlpha(row, r.x0, r.x1)
			if d.wrap > 0 {
				wrapRow(row[r.x0:r.x1], d.bg.wy[y*c.fw+r.x0:], al, d.wrap)
			}
			blend(row[r.x0:r.x1], bg[r.x0:r.x1], al)
		}
	}
}

// virtualChroma composites chroma row cy (cb and cr) over the virtual
// background.
func (c *compositor) virtualChroma(cb, cr []uint8, cy int, d backdrop) {
	o := cy * c.cw
	u, v := d.bg.u[o:o+c.cw], d.bg.v[o:o+c.cw]
	for _, r := range c.runs {
		x0, x1 := c.chromaRun(r)
		switch r.class {
		case classBackground:
			copy(cb[x0:x1], u[x0:x1])
			copy(cr[x0:x1], v[x0:x1])
		case classEdge:
			al := c.chromaAlpha(x0, x1)
			if d.wrap > 0 {
				wrapRow(cb[x0:x1], d.bg.wu[o+x0:], al, d.wrap)
				wrapRow(cr[x0:x1], d.bg.wv[o+x0:], al, d.wrap)
			}
			blend(cb[x0:x1], u[x0:x1], al)
			blend(cr[x0:x1], v[x0:x1], al)
		}
	}
}
