package processors

// alphaShift brings a*Y+b, with a and b as coefRows leaves them, to alpha
// in 256ths: a and b are fixed point of 65536ths (a per 255 levels of Y),
// scaled by 64 by the interpolation.
const alphaShift = 8 + 6

// coefRows interpolates the matte's a and b over columns [x0, x1) into
// c.aRow and c.bRow.
func (c *compositor) coefRows(x0, x1 int) {
	// Interpolated values are scaled by 4f*f (upShift); bring them to 64.
	// Rounding the steps at f > 4 moves alpha by under a quarter of
	// one 256th.
	sh := int(upShift(c.ma.f)) - 6
	a, b := c.aRow[x0:x1], c.bRow[x0:x1]
	ka, kb, xa, xb := wholeSegments(c.ma.f, len(c.ma.top), x0, x1)
	if ka == kb {
		xa, xb = x1, x1
	}
	spanI32Slow(a[:xa-x0], &c.ma, x0, sh)
	spanI32Slow(b[:xa-x0], &c.mb, x0, sh)
	if ka < kb {
		lerpSegments2(a[xa-x0:xb-x0], b[xa-x0:xb-x0], &c.ma, &c.mb, ka, kb, sh)
	}
	spanI32Slow(a[xb-x0:], &c.ma, xb, sh)
	spanI32Slow(b[xb-x0:], &c.mb, xb, sh)
}

// lerpSegments2 interpolates the whole segments [ka, kb) of rows p and q
// (of the same geometry) into dp and dq, values divided by 1<<sh.
func lerpSegments2(dp, dq []int32, p, q *lowRow, ka, kb, sh int) {
	f := p.f
	f2 := int32(2 * f)
	w := p.w
	wt := f2 - w
	pt, pb := p.top[ka:kb+1], p.bot[ka:kb+1]
	qt, qb := q.top[ka:kb+1], q.bot[ka:kb+1]
	pb, qt, qb = pb[:len(pt)], qt[:len(pt)], qb[:len(pt)]
	a, b := pt[0]*wt+pb[0]*w, qt[0]*wt+qb[0]*w
	for k := 1; k < len(pt); k++ {
		a1, b1 := pt[k]*wt+pb[k]*w, qt[k]*wt+qb[k]*w
		da, db := a1-a, b1-b
		va, sa := scaleBy(a*f2+da, sh), scaleBy(2*da, sh)
		vb, sb := scaleBy(b*f2+db, sh), scaleBy(2*db, sh)
		x := (k - 1) * f
		sp, sq := dp[x:x+f], dq[x:x+f]
		for i := range sp {
			sp[i], sq[i] = va, vb
			va, vb = va+sa, vb+sb
		}
		a, b = a1, b1
	}
}

// edgeLuma blends columns [x0, x1) of luma row row over bg (the backdrop
// there, from column x0) by the matte's alpha, and keeps the alpha.
func (c *compositor) edgeLuma(row, bg []uint8, x0, x1 int) {
	c.coefRows(x0, x1)
	blendAlpha(row[x0:x1], bg, c.aRow[x0:x1], c.bRow[x0:x1], c.alpha[x0:x1])
}

// blendAlpha blends luma dst over bg by alpha a*Y+b (as coefRows makes
// them), and stores the alpha in al.
func blendAlpha(dst, bg []uint8, a, b, al []int32) {
	bg, a, b, al = bg[:len(dst)], a[:len(dst)], b[:len(dst)], al[:len(dst)]
	for i, v := range dst {
		l := int32(v)
		k := min(max((a[i]*l+b[i])>>alphaShift, 0), 256)
		al[i] = k
		g := int32(bg[i])
		dst[i] = uint8(g + ((l-g)*k+128)>>8)
	}
}

// edgeAlpha sets c.alpha over columns [x0, x1) of luma row row: the
// matte's alpha in 256ths, a*Y+b interpolated and clamped.
func (c *compositor) edgeAlpha(row []uint8, x0, x1 int) []int32 {
	c.coefRows(x0, x1)
	a, b, al := c.aRow[x0:x1], c.bRow[x0:x1], c.alpha[x0:x1]
	for i, v := range row[x0:x1] {
		al[i] = min(max((a[i]*int32(v)+b[i])>>alphaShift, 0), 256)
	}
	return al
}

// chromaAlpha returns the alpha of chroma columns [x0, x1): the luma's at
// even columns.
func (c *compositor) chromaAlpha(x0, x1 int) []int32 {
	ca := c.calpha[x0:x1]
	for i := range ca {
		ca[i] = c.alpha[2*(x0+i)]
	}
	return ca
}

// blend mixes dst (the person) over bg with alpha al in 256ths.
func blend(dst, bg []uint8, al []int32) {
	bg, al = bg[:len(dst)], al[:len(dst)]
	for i, v := range dst {
		b := int32(bg[i])
		dst[i] = uint8(b + ((int32(v)-b)*al[i]+128)>>8)
	}
}
