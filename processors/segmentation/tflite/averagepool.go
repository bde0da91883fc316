package tflite

import "fmt"

// averagePool is AVERAGE_POOL_2D. As in TFLite, a window that hangs over
// the edge (SAME padding) averages only the input pixels it covers.
type averagePool struct {
	in, out    int
	h, w, c    int
	oh, ow     int
	kh, kw     int
	sh, sw     int
	padT, padL int
	act        activation
}

func (b *builder) averagePool(op rawOperator, ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 1, 1, 1); err != nil {
		return nil, err
	}
	h, w, c, err := b.imageInput(ins[0])
	if err != nil {
		return nil, err
	}
	o := op.options
	kh, kw := int(o.i32(poolFilterH, 0)), int(o.i32(poolFilterW, 0))
	if kh < 1 || kw < 1 || kh > h+64 || kw > w+64 {
		return nil, fmt.Errorf("%w: pool filter %dx%d on %dx%d input", ErrInvalid, kh, kw, h, w)
	}
	geo, err := newWindow(h, w, kh, kw, o.u8(poolPadding, paddingSame), o.i32(poolStrideH, 1), o.i32(poolStrideW, 1), 1, 1)
	if err != nil {
		return nil, err
	}
	act, err := fusedActivation(o.u8(poolActivation, 0))
	if err != nil {
		return nil, err
	}
	if err := wantShape(&b.tensors[outs[0]], 1, geo.oh, geo.ow, c); err != nil {
		return nil, err
	}
	return &averagePool{in: ins[0], out: outs[0], h: h, w: w, c: c, oh: geo.oh, ow: geo.ow,
		kh: kh, kw: kw, sh: geo.sh, sw: geo.sw, padT: geo.padT, padL: geo.padL, act: act}, nil
}

func (k *averagePool) work() int { return k.oh * k.ow * k.c * k.kh * k.kw }

func (k *averagePool) run(e *exec) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	c := k.c
	for oy := 0; oy < k.oh; oy++ {
		y0, y1 := max(oy*k.sh-k.padT, 0), min(oy*k.sh-k.padT+k.kh, k.h)
		for ox := 0; ox < k.ow; ox++ {
			x0, x1 := max(ox*k.sw-k.padL, 0), min(ox*k.sw-k.padL+k.kw, k.w)
			acc := out[(oy*k.ow+ox)*c : (oy*k.ow+ox+1)*c]
			clear(acc)
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					addTo(acc, in[(y*k.w+x)*c:(y*k.w+x+1)*c])
				}
			}
			if n := (y1 - y0) * (x1 - x0); n > 0 {
				scale(acc, 1/float32(n))
			}
			k.act.apply(acc)
		}
	}
}
