package yuv

import "image"

// Scale resizes src into dst, both 4:2:0, bilinearly, from any size to any
// size; the same size copies. Sample centres line up, so halving averages
// each pair of pixels, as a 2×2 box filter would. Shrinking by more than
// half skips source pixels and can alias; that is the price of bilinear.
// It allocates nothing and needs no scratch. It panics if either image is
// not 4:2:0.
func Scale(dst, src *image.YCbCr) {
	mustBe420(dst, "Scale")
	mustBe420(src, "Scale")
	dy, dcb, dcr := planes(dst)
	sy, scb, scr := planes(src)
	scalePlane(dy, sy)
	scalePlane(dcb, scb)
	scalePlane(dcr, scr)
}

// scalePlane resizes one plane bilinearly.
func scalePlane(dst, src plane) {
	switch {
	case dst.w <= 0 || dst.h <= 0 || src.w <= 0 || src.h <= 0:
		return
	case dst.w == src.w && dst.h == src.h:
		copyPlane(dst, src)
		return
	}
	// Positions are 16.16 fixed point in source pixels: the centre of
	// output pixel x falls on source position (x+½)·sw/dw − ½.
	xStep := (src.w << 16) / dst.w
	yStep := (src.h << 16) / dst.h
	x0 := xStep/2 - 1<<15
	yPos := yStep/2 - 1<<15
	for y := range dst.h {
		top, fy := clampPos(yPos, src.h)
		bottom := min(top+1, src.h-1)
		yPos += yStep
		r0 := src.pix[top*src.stride:][:src.w]
		r1 := src.pix[bottom*src.stride:][:src.w]
		out := dst.pix[y*dst.stride:][:dst.w]
		if src.w == dst.w {
			blendRows(out, r0, r1, fy)
			continue
		}
		xPos := x0
		for x := range out {
			left, fx := clampPos(xPos, src.w)
			right := min(left+1, src.w-1)
			xPos += xStep
			// 8-bit weights: the sum of four products fits easily.
			a := int(r0[left])*(256-fx) + int(r0[right])*fx
			b := int(r1[left])*(256-fx) + int(r1[right])*fx
			out[x] = byte((a*(256-fy) + b*fy + 1<<15) >> 16)
		}
	}
}

// clampPos splits a 16.16 position into a whole pixel within [0, n-1] and
// an 8-bit fraction towards the next pixel.
func clampPos(pos, n int) (i, frac int) {
	if pos <= 0 {
		return 0, 0
	}
	i = pos >> 16
	if i >= n-1 {
		return n - 1, 0
	}
	return i, pos >> 8 & 0xFF
}

// blendRows mixes two rows of the same width, weight fy/256 on r1.
func blendRows(out, r0, r1 []byte, fy int) {
	if fy == 0 {
		copy(out, r0)
		return
	}
	for x := range out {
		out[x] = byte((int(r0[x])*(256-fy) + int(r1[x])*fy + 128) >> 8)
	}
}

func copyPlane(dst, src plane) {
	for y := range dst.h {
		copy(dst.pix[y*dst.stride:][:dst.w], src.pix[y*src.stride:][:src.w])
	}
}
