package tflite

import (
	"fmt"
	"math"
)

// resizeBilinear is RESIZE_BILINEAR, following TFLite's reference kernel
// for align_corners and half_pixel_centers. The source rows, columns and
// weights of every output row and column are computed at load.
type resizeBilinear struct {
	in, out int
	w, c    int
	oh, ow  int
	ys, xs  []lerpAxis
}

// lerpAxis says which two input rows (or columns) an output one blends.
type lerpAxis struct {
	i0, i1 int
	f      float32 // weight of i1
}

func (b *builder) resizeBilinear(op rawOperator, ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 2, 2, 1); err != nil {
		return nil, err
	}
	h, w, c, err := b.imageInput(ins[0])
	if err != nil {
		return nil, err
	}
	size, err := b.constInt(ins[1])
	if err != nil {
		return nil, err
	}
	if len(size) != 2 || size[0] < 1 || size[1] < 1 || int64(size[0])*int64(size[1])*int64(c) > maxTensorElems {
		return nil, fmt.Errorf("%w: resize size %v", ErrInvalid, size)
	}
	oh, ow := int(size[0]), int(size[1])
	if err := wantShape(&b.tensors[outs[0]], 1, oh, ow, c); err != nil {
		return nil, err
	}
	align := op.options.u8(resizeAlignCorners, 0) != 0
	half := op.options.u8(resizeHalfPixelCenters, 0) != 0
	return &resizeBilinear{in: ins[0], out: outs[0], w: w, c: c, oh: oh, ow: ow,
		ys: lerpTable(h, oh, align, half), xs: lerpTable(w, ow, align, half)}, nil
}

func lerpTable(in, out int, align, half bool) []lerpAxis {
	scale := float32(in) / float32(out)
	if align && out > 1 {
		scale = float32(in-1) / float32(out-1)
	}
	t := make([]lerpAxis, out)
	for i := range t {
		v := float32(i) * scale
		if half {
			v = (float32(i)+0.5)*scale - 0.5
		}
		lo := float32(math.Floor(float64(v)))
		i0 := max(int(lo), 0)
		i1 := min(int(math.Ceil(float64(v))), in-1)
		t[i] = lerpAxis{i0: i0, i1: i1, f: v - float32(i0)}
	}
	return t
}

func (k *resizeBilinear) work() int { return 4 * k.oh * k.ow * k.c }

func (k *resizeBilinear) run(e *exec) {
	e.parallel(k.oh, k.ow*k.c*4, k)
}

// scratchSize is one input row, blended vertically.
func (k *resizeBilinear) scratchSize() int { return k.w * k.c }

// runRange computes output rows [lo, hi): each one first blends its two
// input rows into scratch, then blends columns of that.
func (k *resizeBilinear) runRange(e *exec, w, lo, hi int) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	c, rowIn := k.c, k.w*k.c
	tmp := e.scratch[w][:rowIn]
	for oy := lo; oy < hi; oy++ {
		ly := k.ys[oy]
		r0, r1 := in[ly.i0*rowIn:(ly.i0+1)*rowIn], in[ly.i1*rowIn:(ly.i1+1)*rowIn]
		for i := range tmp {
			tmp[i] = r0[i] + (r1[i]-r0[i])*ly.f
		}
		row := out[oy*k.ow*c : (oy+1)*k.ow*c]
		for ox, lx := range k.xs {
			dst := row[ox*c : (ox+1)*c]
			a, b := tmp[lx.i0*c:(lx.i0+1)*c], tmp[lx.i1*c:(lx.i1+1)*c]
			a, b = a[:len(dst)], b[:len(dst)]
			for i := range dst {
				dst[i] = a[i] + (b[i]-a[i])*lx.f
			}
		}
	}
}
