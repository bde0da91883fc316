package processors

import "image"

// blurLuma composites luma row y over the upsampled blurred backdrop.
func (c *compositor) blurLuma(frame *image.YCbCr, y int) {
	row := frame.Y[y*frame.YStride : y*frame.YStride+c.fw]
	gT, gB, gw := c.by.row(y)
	aT, aB, aw := c.a.row(y)
	bT, bB, _ := c.b.row(y)
	gT, gB = gT[:len(row)], gB[:len(row)]
	keep := y%2 == 0
	for _, r := range c.runs {
		switch r.class {
		case classBackground:
			for x := r.x0; x < r.x1; x++ {
				row[x] = uint8((lerp16(gT[x], gB[x], gw) + 128) >> 8)
			}
		case classEdge:
			for x := r.x0; x < r.x1; x++ {
				l := int32(row[x])
				al := alphaAt(aT, aB, bT, bB, aw, x, l)
				if keep {
					c.alpha[x] = al
				}
				bg := (lerp16(gT[x], gB[x], gw) + 128) >> 8
				row[x] = uint8(bg + ((l-bg)*al+128)>>8)
			}
		}
	}
}

// blurChroma composites chroma row cy of one plane (p starts at the row)
// over its upsampled blurred backdrop.
func (c *compositor) blurChroma(p []uint8, u *upsampler, cy int) {
	row := p[:c.cw]
	gT, gB, gw := u.row(cy)
	gT, gB = gT[:len(row)], gB[:len(row)]
	for _, r := range c.runs {
		x0, x1 := (r.x0+1)/2, min((r.x1+1)/2, c.cw)
		switch r.class {
		case classBackground:
			for x := x0; x < x1; x++ {
				row[x] = uint8((lerp16(gT[x], gB[x], gw) + 128) >> 8)
			}
		case classEdge:
			for x := x0; x < x1; x++ {
				al := c.alpha[2*x]
				bg := (lerp16(gT[x], gB[x], gw) + 128) >> 8
				row[x] = uint8(bg + ((int32(row[x])-bg)*al+128)>>8)
			}
		}
	}
}
