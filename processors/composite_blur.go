package processors

// blurLuma composites luma row y over the blurred backdrop of s.
func (c *compositor) blurLuma(row []uint8, s *blurStage, y int) {
	g := planeRows(s.oy, s.w, s.h, s.f, y)
	for _, r := range c.runs {
		switch r.class {
		case classBackground:
			spanU8(row[r.x0:r.x1], &g, r.x0)
		case classEdge:
			bg := c.bgRow[:r.x1-r.x0]
			spanU8(bg, &g, r.x0)
			c.edgeLuma(row, bg, r.x0, r.x1)
		}
	}
}

// blurChroma composites chroma row cy (cb and cr) over the blurred
// backdrop of s, which has the same grid at half the scale.
func (c *compositor) blurChroma(cb, cr []uint8, s *blurStage, cy int) {
	f := s.f / 2
	u := planeRows(s.ou, s.w, s.h, f, cy)
	v := planeRows(s.ov, s.w, s.h, f, cy)
	for _, r := range c.runs {
		x0, x1 := c.chromaRun(r)
		switch r.class {
		case classBackground:
			spanU8(cb[x0:x1], &u, x0)
			spanU8(cr[x0:x1], &v, x0)
		case classEdge:
			al, bg := c.chromaAlpha(x0, x1), c.bgRow[x0:x1]
			spanU8(bg, &u, x0)
			blend(cb[x0:x1], bg, al)
			spanU8(bg, &v, x0)
			blend(cr[x0:x1], bg, al)
		}
	}
}
