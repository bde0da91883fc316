package tflite

import "fmt"

// convTile is the number of output pixels computed together, so that a
// tile's outputs are still in cache when the epilogue runs over them.
const convTile = 64

// conv2D is CONV_2D: a dense convolution done as a matrix product, with
// 1x1 stride-1 convolutions reading the input directly and others
// gathering each tile's patches (im2col) into scratch first.
type conv2D struct {
	in, out    int
	h, w, c    int
	oh, ow, oc int
	kh, kw     int
	sh, sw     int
	dh, dw     int
	padT, padL int
	pointwise  bool
	g          *packedGemm
	epi        epilogue
}

func (b *builder) conv2D(op rawOperator, ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 2, 3, 1); err != nil {
		return nil, err
	}
	h, w, c, err := b.imageInput(ins[0])
	if err != nil {
		return nil, err
	}
	fs := &b.tensors[ins[1]]
	if len(fs.shape) != 4 || fs.shape[3] != c {
		return nil, fmt.Errorf("%w: filter shape %v for %d input channels", ErrInvalid, fs.shape, c)
	}
	oc, kh, kw := fs.shape[0], fs.shape[1], fs.shape[2]
	filter, err := b.constFloat(ins[1], oc*kh*kw*c)
	if err != nil {
		return nil, err
	}
	bias, err := b.optionalBias(ins, 2, oc)
	if err != nil {
		return nil, err
	}
	o := op.options
	geo, err := newWindow(h, w, kh, kw, o.u8(convPadding, paddingSame),
		o.i32(convStrideH, 1), o.i32(convStrideW, 1), o.i32(convDilationH, 1), o.i32(convDilationW, 1))
	if err != nil {
		return nil, err
	}
	act, err := fusedActivation(o.u8(convActivation, 0))
	if err != nil {
		return nil, err
	}
	if err := wantShape(&b.tensors[outs[0]], 1, geo.oh, geo.ow, oc); err != nil {
		return nil, err
	}
	return &conv2D{
		in: ins[0], out: outs[0], h: h, w: w, c: c, oh: geo.oh, ow: geo.ow, oc: oc,
		kh: kh, kw: kw, sh: geo.sh, sw: geo.sw, dh: geo.dh, dw: geo.dw, padT: geo.padT, padL: geo.padL,
		pointwise: kh == 1 && kw == 1 && geo.sh == 1 && geo.sw == 1 && geo.padT == 0 && geo.padL == 0,
		g:         packGemm(filter, oc, kh*kw*c, bias),
		epi:       epilogue{act: act, residual: -1},
	}, nil
}

// optionalBias returns input i as a bias of n values, or zeros if omitted.
func (b *builder) optionalBias(ins []int, i, n int) ([]float32, error) {
	if len(ins) <= i || ins[i] < 0 {
		return make([]float32, n), nil
	}
	return b.constFloat(ins[i], n)
}

func (k *conv2D) work() int { return k.oh * k.ow * k.oc * k.g.k }

func (k *conv2D) run(e *exec) {
	e.parallel(k.oh, k.ow*k.oc*k.g.k, k)
}

func (k *conv2D) scratchSize() int {
	if k.pointwise {
		return 0
	}
	return convTile * k.g.k
}

func (k *conv2D) fusion() *epilogue { return &k.epi }

func (k *conv2D) output() int { return k.out }

func (k *conv2D) setOutput(t int) { k.out = t }

func (k *conv2D) runRange(e *exec, w, lo, hi int) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	end := hi * k.ow
	for p := lo * k.ow; p < end; p += convTile {
		n := min(convTile, end-p)
		dst := out[p*k.oc : (p+n)*k.oc]
		if k.pointwise {
			k.g.gemmRows(e.simd, in[p*k.c:(p+n)*k.c], k.c, dst, k.oc, n, k.epi.act)
		} else {
			cols := e.scratch[w][:n*k.g.k]
			k.im2col(in, p, n, cols)
			k.g.gemmRows(e.simd, cols, k.g.k, dst, k.oc, n, k.epi.act)
		}
		k.epi.addResidual(e, dst, p*k.oc)
	}
}

// im2col gathers the input patch of each of n output pixels starting at p
// into consecutive rows of cols, zero where the patch hangs over the edge.
// Without dilation a patch row is kw*c contiguous input values, copied at
// once when it lies inside the image.
func (k *conv2D) im2col(in []float32, p, n int, cols []float32) {
	kk, span := k.g.k, k.kw*k.c
	oy, ox := p/k.ow, p%k.ow
	for j := 0; j < n; j++ {
		row := cols[j*kk : (j+1)*kk]
		ix0 := ox*k.sw - k.padL
		inside := k.dw == 1 && ix0 >= 0 && ix0+k.kw <= k.w
		for ky := 0; ky < k.kh; ky++ {
			dst := row[ky*span : (ky+1)*span]
			iy := oy*k.sh - k.padT + ky*k.dh
			switch {
			case iy < 0 || iy >= k.h:
				clear(dst)
			case inside:
				copy(dst, in[(iy*k.w+ix0)*k.c:])
			default:
				k.gatherRow(in[iy*k.w*k.c:(iy+1)*k.w*k.c], ix0, dst)
			}
		}
		if ox++; ox == k.ow {
			ox, oy = 0, oy+1
		}
	}
}

// gatherRow copies the kw taps of one patch row starting at input column
// ix0 from the input row, zero for columns outside the image.
func (k *conv2D) gatherRow(row []float32, ix0 int, dst []float32) {
	for kx := 0; kx < k.kw; kx++ {
		d := dst[kx*k.c : (kx+1)*k.c]
		ix := ix0 + kx*k.dw
		if ix < 0 || ix >= k.w {
			clear(d)
			continue
		}
		copy(d, row[ix*k.c:])
	}
}
