package yuv

import "image"

// Scale resizes src into dst, both 4:2:0, from any size to any size; the
// same size copies. It interpolates bilinearly, with sample centres lined
// up, so halving averages each 2×2 block. Shrinking to half or less in
// both directions averages every source pixel under each output pixel
// instead (a box filter, the same as bilinear at exactly half), because
// bilinear would skip pixels there and alias fine detail such as text.
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
	case src.w >= 2*dst.w && src.h >= 2*dst.h:
		boxPlane(dst, src)
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

// maxBoxWidth is the widest source boxPlane sums on its stack; wider
// ones take the slower boxPlaneWide.
const maxBoxWidth = 8192

// boxPlane shrinks src to half or less in both directions: each output
// pixel is the mean of the source pixels whose top-left corner falls in
// its footprint. It adds up the footprint's rows column by column, then
// each footprint's columns; footprints are kx or kx+1 pixels wide,
// stepped without dividing, and means multiply by a reciprocal, because
// a division per pixel would double the time.
func boxPlane(dst, src plane) {
	if src.w > maxBoxWidth {
		boxPlaneWide(dst, src)
		return
	}
	var columns [maxBoxWidth]uint32
	sums := columns[:src.w]
	kx, remX := src.w/dst.w, src.w%dst.w
	for y := range dst.h {
		y0 := y * src.h / dst.h
		y1 := (y + 1) * src.h / dst.h
		clear(sums)
		for r := y0; r < y1; r++ {
			for i, v := range src.pix[r*src.stride:][:len(sums)] {
				sums[i] += uint32(v)
			}
		}
		inv := [2]float32{1 / float32(kx*(y1-y0)), 1 / float32((kx+1)*(y1-y0))}
		out := dst.pix[y*dst.stride:][:dst.w]
		x0, e := 0, 0
		for x := range out {
			wide := 0
			if e += remX; e >= dst.w {
				e -= dst.w
				wide = 1
			}
			x1 := x0 + kx + wide
			var sum uint32
			for _, v := range sums[x0:x1] {
				sum += v
			}
			out[x] = byte(float32(sum)*inv[wide] + 0.5)
			x0 = x1
		}
	}
}

// boxPlaneWide is boxPlane without the column sums, for any width.
func boxPlaneWide(dst, src plane) {
	for y := range dst.h {
		y0 := y * src.h / dst.h
		y1 := (y + 1) * src.h / dst.h
		out := dst.pix[y*dst.stride:][:dst.w]
		for x := range out {
			x0 := x * src.w / dst.w
			x1 := (x + 1) * src.w / dst.w
			sum := 0
			for r := y0; r < y1; r++ {
				for _, v := range src.pix[r*src.stride:][x0:x1] {
					sum += int(v)
				}
			}
			n := (x1 - x0) * (y1 - y0)
			out[x] = byte((sum + n/2) / n)
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
