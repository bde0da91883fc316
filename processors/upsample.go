package processors

import "math/bits"

// Bilinear upsampling of a low-resolution plane by a power of two f, with
// pixel centres aligned: low sample k sits at full-resolution position
// (k+0.5)*f-0.5, and positions outside the outermost centres take the
// edge sample. Weights are exact multiples of 1/(2f) on both axes, so a
// value interpolated from integer samples is an integer scaled by 4f*f
// (upShift gives its log2). Output comes one span of a row at a time,
// straight from the two low rows around it: no full-resolution copy of
// the plane is made, and only the columns a caller needs are computed.
//
// Between two sample centres the values are linear: a segment of f
// outputs starting at column k*f+f/2 is v, v+s, v+2s, ... (segment k).

// vTap maps full-resolution index y to the low-resolution samples i and j
// (j = i+1, or both clamped to an edge) around its centre and the weight
// of j in units of 1/(2f), for scale f over n samples.
func vTap(y, f, n int) (i, j int, w int32) {
	p := 2*y + 1 - f // position relative to sample 0, in 1/(2f)
	if p <= 0 {
		return 0, 0, 0
	}
	i = p / (2 * f)
	if i >= n-1 {
		return n - 1, n - 1, 0
	}
	return i, i + 1, int32(p - i*2*f)
}

// upShift is log2 of the scale 4f*f of interpolated values.
func upShift(f int) uint { return 2 + 2*uint(bits.TrailingZeros(uint(f))) }

// lowRow is one row of a low-resolution plane as a caller sees it: the
// vertical blend of rows top and bot with weight w/(2f) on bot.
type lowRow struct {
	top, bot []int32
	w        int32
	f        int
}

// at is the vertically blended sample k, scaled by 2f.
func (r *lowRow) at(k int) int32 {
	return r.top[k]*(int32(2*r.f)-r.w) + r.bot[k]*r.w
}

// piece returns the linear piece of the interpolated row that starts at
// column x and ends at stop <= end: the values there are v, v+s, ...,
// scaled by 4f*f.
func (r *lowRow) piece(x, end int) (stop int, v, s int32) {
	f, n := r.f, len(r.top)
	f2 := int32(2 * f)
	if lo := (f + 1) / 2; x < lo {
		return min(lo, end), r.at(0) * f2, 0
	}
	hi := (2*f*(n-1) + f) / 2
	if x >= hi {
		return end, r.at(n-1) * f2, 0
	}
	shift := uint(bits.TrailingZeros(uint(f))) + 1
	p := 2*x + 1 - f
	k := p >> shift
	rem := int32(p - k<<shift) // offset in the segment, in 1/(2f)
	a := r.at(k)
	d := r.at(k+1) - a
	return min(end, hi, x+int(f2-rem+1)/2), a*f2 + d*rem, 2 * d
}

// spanU8 writes into dst the row's values at columns x0, x0+1, ...,
// rounded to bytes; the samples must be 0 to 255. Whole segments go
// through packSegments, the partial ones at the ends one value at a time.
func spanU8(dst []uint8, r *lowRow, x0 int) {
	x := x0
	if r.f >= 4 && r.f <= 16 {
		ka, kb, xa, xb := wholeSegments(r.f, len(r.top), x0, x0+len(dst))
		if ka < kb {
			spanSlow(dst[:xa-x0], r, x0)
			packSegments(dst[xa-x0:xb-x0], r.top[ka:kb+1], r.bot[ka:kb+1], r.w, r.f)
			x = xb
		}
	}
	spanSlow(dst[x-x0:], r, x)
}

// wholeSegments returns the segments [ka, kb) of a row of n samples at
// scale f that lie wholly in columns [x0, x1), and the columns [xa, xb)
// they cover. Segment k starts at column k*f+f/2.
func wholeSegments(f, n, x0, x1 int) (ka, kb, xa, xb int) {
	ka = ceilDiv(max(x0-f/2, 0), f)
	kb = max(min(max(x1-f/2, 0)/f, n-1), ka)
	return ka, kb, ka*f + f/2, kb*f + f/2
}

// spanI32Slow writes into dst the row's values at columns x0, x0+1, ...,
// divided by 1<<sh (multiplied for sh < 0), the step rounded per piece.
func spanI32Slow(dst []int32, r *lowRow, x0, sh int) {
	x, end := x0, x0+len(dst)
	for x < end {
		stop, v, s := r.piece(x, end)
		v, s = scaleBy(v, sh), scaleBy(s, sh)
		seg := dst[x-x0 : stop-x0]
		for i := range seg {
			seg[i] = v
			v += s
		}
		x = stop
	}
}

// scaleBy divides v by 1<<sh, or multiplies it for sh < 0.
func scaleBy(v int32, sh int) int32 {
	if sh >= 0 {
		return v >> sh
	}
	return v << -sh
}

// spanSlow is spanU8 one value at a time.
func spanSlow(dst []uint8, r *lowRow, x0 int) {
	sh := upShift(r.f)
	half := int32(1) << (sh - 1)
	x, end := x0, x0+len(dst)
	for x < end {
		stop, v, s := r.piece(x, end)
		v += half
		for i := range dst[x-x0 : stop-x0] {
			dst[x-x0+i] = uint8(v >> sh)
			v += s
		}
		x = stop
	}
}
