package processors

import "math"

// resample scales the part crop (x0, y0, width, height) of a w x h plane
// to dw x dh with a triangle filter as wide as the scale (area-like when
// shrinking, bilinear when enlarging). It runs once per background and
// frame size, so it favours clarity over speed.
func resample(src []uint8, w, h int, crop [4]float64, dw, dh int) []uint8 {
	xs, xw := axisWeights(crop[0], crop[2], w, dw)
	ys, yw := axisWeights(crop[1], crop[3], h, dh)
	tmp := make([]float32, dw*h)
	for y := range h {
		row := src[y*w : (y+1)*w]
		for x := range dw {
			var s float32
			for k, wt := range xw[x] {
				s += wt * float32(row[xs[x]+k])
			}
			tmp[y*dw+x] = s
		}
	}
	out := make([]uint8, dw*dh)
	for y := range dh {
		for x := range dw {
			var s float32
			for k, wt := range yw[y] {
				s += wt * tmp[(ys[y]+k)*dw+x]
			}
			out[y*dw+x] = uint8(min(max(s+0.5, 0), 255))
		}
	}
	return out
}

// axisWeights returns, for each of n outputs covering source positions
// [start, start+length) of an axis of size size, the first source index
// and the normalised weights of the consecutive sources it reads.
func axisWeights(start, length float64, size, n int) ([]int, [][]float32) {
	scale := length / float64(n)
	support := max(scale, 1)
	first := make([]int, n)
	weights := make([][]float32, n)
	for i := range n {
		c := start + (float64(i)+0.5)*scale - 0.5
		lo := max(int(math.Ceil(c-support)), 0)
		hi := min(int(math.Floor(c+support)), size-1)
		if lo > hi {
			lo = min(max(int(math.Round(c)), 0), size-1)
			hi = lo
		}
		ws := make([]float32, hi-lo+1)
		var sum float32
		for k := range ws {
			t := 1 - math.Abs(float64(lo+k)-c)/support
			ws[k] = float32(max(t, 0))
			sum += ws[k]
		}
		if sum == 0 {
			ws[len(ws)/2], sum = 1, 1
		}
		for k := range ws {
			ws[k] /= sum
		}
		first[i], weights[i] = lo, ws
	}
	return first, weights
}
