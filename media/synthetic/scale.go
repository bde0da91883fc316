package synthetic

import (
	"encoding/binary"
	"image"
)

// Downscale resizes src into dst, both 4:2:0, for simulcast layers. When
// src is exactly 2 or 4 times dst in both directions, as for 720p to 360p
// and 180p, each output pixel is the rounded mean of the 2×2 or 4×4 block
// it covers, computed eight source pixels at a time. Other whole-number
// ratios use the same box filter more slowly, and any other size pairing
// falls back to nearest-neighbour. It allocates nothing. It panics if
// either image is not 4:2:0.
//
// For a quarter-size layer, halving the half-size layer does a quarter of
// the work of quartering the source, and differs from it by at most one
// step of rounding.
func Downscale(dst, src *image.YCbCr) {
	if dst.SubsampleRatio != image.YCbCrSubsampleRatio420 ||
		src.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		panic("synthetic: Downscale needs 4:2:0 images")
	}
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	scalePlane(plane{dst.Y, dst.YStride, dw, dh}, plane{src.Y, src.YStride, sw, sh})
	dcw, dch := chromaSize(dst.Rect)
	scw, sch := chromaSize(src.Rect)
	scalePlane(plane{dst.Cb, dst.CStride, dcw, dch}, plane{src.Cb, src.CStride, scw, sch})
	scalePlane(plane{dst.Cr, dst.CStride, dcw, dch}, plane{src.Cr, src.CStride, scw, sch})
}

// plane is one 8-bit image plane.
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

// chromaSize returns the size of the 4:2:0 chroma planes of an image
// covering r, as image.NewYCbCr lays them out.
func chromaSize(r image.Rectangle) (w, h int) {
	return (r.Max.X+1)/2 - r.Min.X/2, (r.Max.Y+1)/2 - r.Min.Y/2
}

// scalePlane resizes one plane with the fastest method that fits the ratio.
func scalePlane(dst, src plane) {
	switch {
	case dst.w <= 0 || dst.h <= 0 || src.w <= 0 || src.h <= 0:
	case src.w == 2*dst.w && src.h == 2*dst.h:
		box2(dst, src)
	case src.w == 4*dst.w && src.h == 4*dst.h:
		box4(dst, src)
	case src.w%dst.w == 0 && src.h%dst.h == 0:
		boxN(dst, src, src.w/dst.w, src.h/dst.h)
	default:
		nearest(dst, src)
	}
}

// lanes masks the even bytes of a uint64, splitting it into four 16-bit
// lanes that can each hold a sum of several pixels without carrying over.
const lanes = 0x00FF00FF00FF00FF

// pairSums returns the sums of neighbouring byte pairs of v, one per lane.
func pairSums(v uint64) uint64 {
	return v&lanes + v>>8&lanes
}

// box2 halves src in both directions, eight output pixels per step.
func box2(dst, src plane) {
	le := binary.LittleEndian
	for y := range dst.h {
		out := dst.pix[y*dst.stride:][:dst.w]
		r0 := src.pix[2*y*src.stride:][:src.w]
		r1 := src.pix[(2*y+1)*src.stride:][:src.w]
		x := 0
		for ; x+8 <= len(out); x += 8 {
			a, b := r0[2*x:][:16], r1[2*x:][:16]
			lo := mean2x2(le.Uint64(a[:8]), le.Uint64(b[:8]))
			hi := mean2x2(le.Uint64(a[8:]), le.Uint64(b[8:]))
			le.PutUint64(out[x:][:8], lo|hi<<32)
		}
		for ; x < len(out); x++ {
			sum := int(r0[2*x]) + int(r0[2*x+1]) + int(r1[2*x]) + int(r1[2*x+1])
			out[x] = byte((sum + 2) >> 2)
		}
	}
}

// mean2x2 returns, in its low four bytes, the rounded means of the four
// 2×2 blocks formed by eight pixels of one row, a, over those below, b.
func mean2x2(a, b uint64) uint64 {
	s := pairSums(a) + pairSums(b) + 0x0002000200020002
	s = s >> 2 & lanes
	s = (s | s>>8) & 0x0000FFFF0000FFFF
	return (s | s>>16) & 0xFFFFFFFF
}

// box4 quarters src in both directions, four output pixels per step.
func box4(dst, src plane) {
	le := binary.LittleEndian
	for y := range dst.h {
		out := dst.pix[y*dst.stride:][:dst.w]
		r0 := src.pix[4*y*src.stride:][:src.w]
		r1 := src.pix[(4*y+1)*src.stride:][:src.w]
		r2 := src.pix[(4*y+2)*src.stride:][:src.w]
		r3 := src.pix[(4*y+3)*src.stride:][:src.w]
		x := 0
		for ; x+4 <= len(out); x += 4 {
			a, b, c, d := r0[4*x:][:16], r1[4*x:][:16], r2[4*x:][:16], r3[4*x:][:16]
			lo := mean4x4(le.Uint64(a[:8]), le.Uint64(b[:8]), le.Uint64(c[:8]), le.Uint64(d[:8]))
			hi := mean4x4(le.Uint64(a[8:]), le.Uint64(b[8:]), le.Uint64(c[8:]), le.Uint64(d[8:]))
			le.PutUint32(out[x:][:4], uint32(lo)|uint32(hi)<<16)
		}
		for ; x < len(out); x++ {
			sum := 0
			for _, r := range [4][]byte{r0, r1, r2, r3} {
				sum += int(r[4*x]) + int(r[4*x+1]) + int(r[4*x+2]) + int(r[4*x+3])
			}
			out[x] = byte((sum + 8) >> 4)
		}
	}
}

// mean4x4 returns, in its low two bytes, the rounded means of the two 4×4
// blocks formed by eight pixels of each of four rows.
func mean4x4(a, b, c, d uint64) uint64 {
	s := pairSums(a) + pairSums(b) + pairSums(c) + pairSums(d)
	// Add lane 1 into lane 0 and lane 3 into lane 2: 16 pixels each.
	s += s >> 16
	s = (s + 0x0000000800000008) >> 4 & 0x000000FF000000FF
	return (s | s>>24) & 0xFFFF
}

// boxN shrinks src by whole factors fx and fy, one output pixel at a time.
func boxN(dst, src plane, fx, fy int) {
	n := fx * fy
	for y := range dst.h {
		out := dst.pix[y*dst.stride:][:dst.w]
		for x := range out {
			sum := 0
			for r := range fy {
				for _, v := range src.pix[(y*fy+r)*src.stride+x*fx:][:fx] {
					sum += int(v)
				}
			}
			out[x] = byte((sum + n/2) / n)
		}
	}
}

// nearest resizes src to any size by picking the source pixel under the
// centre of each output pixel.
func nearest(dst, src plane) {
	// 16.16 fixed point keeps divisions out of the inner loop.
	step := (src.w << 16) / dst.w
	for y := range dst.h {
		sy := (2*y + 1) * src.h / (2 * dst.h)
		row := src.pix[sy*src.stride:][:src.w]
		out := dst.pix[y*dst.stride:][:dst.w]
		sx := step / 2
		for x := range out {
			out[x] = row[min(sx>>16, src.w-1)]
			sx += step
		}
	}
}
