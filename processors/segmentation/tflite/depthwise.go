package tflite

import "fmt"

// depthwise is DEPTHWISE_CONV_2D with a depth multiplier of 1: each
// channel convolved with its own filter. Weights are stored tap-major
// ([kh*kw][c]) so that a tap's weights for all channels are contiguous,
// like the NHWC input they multiply. The input is first copied into a
// zero-padded buffer (see depthwise_padded.go), so that the inner loops
// never test for edges.
type depthwise struct {
	in, out    int
	h, w, c    int
	oh, ow     int
	kh, kw     int
	sh, sw     int
	dh, dw     int
	padT, padL int
	weights    []float32
	bias       []float32
	epi        epilogue
	pad        padded
}

func (b *builder) depthwise(op rawOperator, ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 2, 3, 1); err != nil {
		return nil, err
	}
	h, w, c, err := b.imageInput(ins[0])
	if err != nil {
		return nil, err
	}
	fs := &b.tensors[ins[1]]
	if len(fs.shape) != 4 || fs.shape[0] != 1 || fs.shape[3] != c {
		return nil, fmt.Errorf("%w: depthwise filter shape %v for %d channels (only multiplier 1 is supported)", ErrUnsupported, fs.shape, c)
	}
	kh, kw := fs.shape[1], fs.shape[2]
	filter, err := b.constFloat(ins[1], kh*kw*c)
	if err != nil {
		return nil, err
	}
	bias, err := b.optionalBias(ins, 2, c)
	if err != nil {
		return nil, err
	}
	o := op.options
	if m := o.i32(dwMultiplier, 1); m != 1 && m != 0 {
		return nil, fmt.Errorf("%w: depth multiplier %d", ErrUnsupported, m)
	}
	geo, err := newWindow(h, w, kh, kw, o.u8(dwPadding, paddingSame),
		o.i32(dwStrideH, 1), o.i32(dwStrideW, 1), o.i32(dwDilationH, 1), o.i32(dwDilationW, 1))
	if err != nil {
		return nil, err
	}
	act, err := fusedActivation(o.u8(dwActivation, 0))
	if err != nil {
		return nil, err
	}
	if err := wantShape(&b.tensors[outs[0]], 1, geo.oh, geo.ow, c); err != nil {
		return nil, err
	}
	k := &depthwise{
		in: ins[0], out: outs[0], h: h, w: w, c: c, oh: geo.oh, ow: geo.ow,
		kh: kh, kw: kw, sh: geo.sh, sw: geo.sw, dh: geo.dh, dw: geo.dw, padT: geo.padT, padL: geo.padL,
		weights: append([]float32(nil), filter...), bias: bias,
		epi: epilogue{act: act, residual: -1},
	}
	k.pad = newPadded(k)
	if k.sharedSize() > maxTensorElems {
		return nil, fmt.Errorf("%w: padded input of %d floats", ErrUnsupported, k.sharedSize())
	}
	return k, nil
}

func (k *depthwise) work() int { return k.oh * k.ow * k.c * k.kh * k.kw }

func (k *depthwise) run(e *exec) {
	k.fillPadded(e)
	e.parallel(k.oh, k.ow*k.c*k.kh*k.kw, k)
}

func (k *depthwise) fusion() *epilogue { return &k.epi }

func (k *depthwise) output() int { return k.out }

func (k *depthwise) setOutput(t int) { k.out = t }
