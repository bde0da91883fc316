package processors

// guidedFilter is He, Sun and Tang's guided filter (2010) for a mask p
// guided by an image I, both w x h in [0, 1]. It fits, in every window of
// radius r, the mask as a linear function a*I + b of the guide, then
// averages the coefficients of the windows covering each pixel. The mask's
// edges move onto the guide's edges where the guide has contrast, and it
// stays smooth where the guide is flat. Computed on a reduced grid, a and
// b are then interpolated and applied to the full-resolution guide: the
// "fast guided filter" (He and Sun, 2015).
type guidedFilter struct {
	meanI, meanP, corrI, corrIP []float32
	row, acc, win               []float32
}

// run stores the averaged coefficients in a and b (w*h each). eps
// regularises a: a step of luma contrast c moves the mask only where
// c*c is well above eps.
func (g *guidedFilter) run(a, b, guide, p []float32, w, h, r int, eps float32) {
	n := w * h
	g.meanI, g.meanP = grow(g.meanI, n), grow(g.meanP, n)
	g.corrI, g.corrIP = grow(g.corrI, n), grow(g.corrIP, n)
	g.row, g.acc = grow(g.row, boxScratch(w)), grow(g.acc, w)
	g.win = grow(g.win, (2*r+2)*w)
	copy(g.meanI, guide[:n])
	copy(g.meanP, p[:n])
	for i, v := range guide[:n] {
		g.corrI[i] = v * v
		g.corrIP[i] = v * p[i]
	}
	for _, plane := range [][]float32{g.meanI, g.meanP, g.corrI, g.corrIP} {
		g.box(plane, w, h, r)
	}
	a, b = a[:n], b[:n]
	for i := range a {
		mi, mp := g.meanI[i], g.meanP[i]
		v := max(g.corrI[i]-mi*mi, 0)
		ai := (g.corrIP[i] - mi*mp) / (v + eps)
		a[i] = ai
		b[i] = mp - ai*mi
	}
	g.box(a, w, h, r)
	g.box(b, w, h, r)
}

func (g *guidedFilter) box(p []float32, w, h, r int) {
	boxH(p, w, h, r, g.row)
	boxV(p, w, h, r, g.acc, g.win)
}
