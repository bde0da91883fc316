package processors

// downsample averages f x f blocks of the w x h plane src (rows stride
// apart) into dst, ceil(w/f) x ceil(h/f) values from 0 to 255. Blocks cut
// by the plane's edges average the samples they have. acc is scratch for
// w sums.
func downsample(dst []float32, src []uint8, stride, w, h, f int, acc []uint32) {
	dw, dh := ceilDiv(w, f), ceilDiv(h, f)
	acc = acc[:w]
	for dy := range dh {
		clear(acc)
		y0, y1 := dy*f, min(dy*f+f, h)
		for y := y0; y < y1; y++ {
			row := src[y*stride : y*stride+w]
			a := acc[:len(row)]
			for x, v := range row {
				a[x] += uint32(v)
			}
		}
		out := dst[dy*dw : (dy+1)*dw]
		rows := y1 - y0
		full := 1 / float32(rows*f)
		whole := w / f
		for dx, blk := 0, acc; dx < whole; dx, blk = dx+1, blk[f:] {
			var s uint32
			for _, v := range blk[:f] {
				s += v
			}
			out[dx] = float32(s) * full
		}
		if whole < dw {
			var s uint32
			for _, v := range acc[whole*f:] {
				s += v
			}
			out[whole] = float32(s) / float32(rows*(w-whole*f))
		}
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// grow returns s resized to n, reusing its storage when it is big enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
