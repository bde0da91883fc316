package tflite

// padded is the geometry of a depthwise convolution's zero-padded input
// copy, shared by the workers: every tap of every output pixel is inside.
type padded struct {
	hp, wp int   // rows and columns, including padding
	taps   []int // offset of each tap from a window's top-left, in floats
	bytes  []int // the same offsets in bytes, for the assembly kernel
}

func newPadded(k *depthwise) padded {
	p := padded{
		hp: (k.oh-1)*k.sh + (k.kh-1)*k.dh + 1,
		wp: (k.ow-1)*k.sw + (k.kw-1)*k.dw + 1,
	}
	for ky := 0; ky < k.kh; ky++ {
		for kx := 0; kx < k.kw; kx++ {
			off := (ky*k.dh*p.wp + kx*k.dw) * k.c
			p.taps = append(p.taps, off)
			p.bytes = append(p.bytes, 4*off)
		}
	}
	return p
}

func (k *depthwise) sharedSize() int {
	return k.pad.hp * k.pad.wp * k.c
}

// fillPadded copies the input into the shared buffer with zero borders.
func (k *depthwise) fillPadded(e *exec) {
	in, c := e.bufs[k.in], k.c
	buf := e.shared[:k.pad.hp*k.pad.wp*c]
	rowLen := k.pad.wp * c
	for py := 0; py < k.pad.hp; py++ {
		row := buf[py*rowLen : (py+1)*rowLen]
		iy := py - k.padT
		if iy < 0 || iy >= k.h {
			clear(row)
			continue
		}
		x0 := min(k.padL, k.pad.wp)
		x1 := min(k.padL+k.w, k.pad.wp)
		clear(row[:x0*c])
		copy(row[x0*c:x1*c], in[(iy*k.w+x0-k.padL)*c:])
		clear(row[x1*c:])
	}
}

// runRange computes output rows [lo, hi) from the padded input: eight
// pixels at a time in assembly where the CPU allows, the rest in Go.
func (k *depthwise) runRange(e *exec, _, lo, hi int) {
	c := k.c
	src, out := e.shared[:k.pad.hp*k.pad.wp*c], e.bufs[k.out]
	code, rest := 0, k.epi.act
	n8 := 0
	if e.simd && hasAVX2 && c%gemmBlock == 0 {
		code, rest = asmActivation(k.epi.act)
		n8 = k.ow &^ 7
	}
	ntaps := len(k.pad.taps)
	for oy := lo; oy < hi; oy++ {
		win := src[oy*k.sh*k.pad.wp*c:]
		row := out[oy*k.ow*c : (oy+1)*k.ow*c]
		if n8 > 0 {
			// The last window of the row must end inside the buffer.
			_ = win[(n8-1)*k.sw*c+k.pad.taps[ntaps-1]+c-1]
			for cb := 0; cb < c; cb += gemmBlock {
				depthwise8(&win[cb], k.sw*c*4, &k.pad.bytes[0], ntaps, &k.weights[cb], c*4, &k.bias[cb], &row[cb], n8, code)
			}
		}
		for ox := n8; ox < k.ow; ox++ {
			acc := row[ox*c : (ox+1)*c]
			k.pixel(acc, win[ox*k.sw*c:])
			if code != 0 {
				k.epi.act.apply(acc)
			}
		}
		rest.apply(row)
		k.epi.addResidual(e, row, oy*k.ow*c)
	}
}

// pixel computes one output pixel from its window in the padded input,
// four channels at a time so that the sums stay in registers.
func (k *depthwise) pixel(acc, win []float32) {
	c := k.c
	ch := 0
	for ; ch+4 <= c; ch += 4 {
		b := k.bias[ch : ch+4 : ch+4]
		a0, a1, a2, a3 := b[0], b[1], b[2], b[3]
		for t, off := range k.pad.taps {
			x := win[off+ch : off+ch+4 : off+ch+4]
			w := k.weights[t*c+ch : t*c+ch+4 : t*c+ch+4]
			a0 += x[0] * w[0]
			a1 += x[1] * w[1]
			a2 += x[2] * w[2]
			a3 += x[3] * w[3]
		}
		d := acc[ch : ch+4 : ch+4]
		d[0], d[1], d[2], d[3] = a0, a1, a2, a3
	}
	for ; ch < c; ch++ {
		s := k.bias[ch]
		for t, off := range k.pad.taps {
			s += win[off+ch] * k.weights[t*c+ch]
		}
		acc[ch] = s
	}
}
