package tflite

import "fmt"

// arith is ADD or MUL with NumPy-style broadcasting over up to 4 axes.
// The common cases run as flat loops: equal shapes, and a per-channel
// vector (shape [1,1,1,C]) applied to every pixel, as in squeeze-and-
// excitation blocks.
type arith struct {
	a, b, out int
	mul       bool
	act       activation
	mode      arithMode
	inner     int    // elements per row: the channel count
	dims      [4]int // output shape padded to rank 4
	sa, sb    [4]int // input strides on the output's axes, 0 where broadcast
}

type arithMode uint8

const (
	arithSame        arithMode = iota
	arithPerChannelB           // b is one vector repeated along a's rows
	arithPerChannelA           // a is one vector repeated along b's rows
	arithGeneral
)

func (b *builder) arith(op rawOperator, ins, outs []int, mul bool) (kernel, error) {
	if err := arity(ins, outs, 2, 2, 1); err != nil {
		return nil, err
	}
	ta, err := b.floatTensor(ins[0])
	if err != nil {
		return nil, err
	}
	tb, err := b.floatTensor(ins[1])
	if err != nil {
		return nil, err
	}
	act, err := fusedActivation(op.options.u8(arithActivation, 0))
	if err != nil {
		return nil, err
	}
	if len(ta.shape) > 4 || len(tb.shape) > 4 {
		return nil, fmt.Errorf("%w: broadcast of rank above 4", ErrUnsupported)
	}
	da, db := pad4(ta.shape), pad4(tb.shape)
	k := &arith{a: ins[0], b: ins[1], out: outs[0], mul: mul, act: act}
	stA, stB := strides4(da), strides4(db)
	for i := 0; i < 4; i++ {
		switch {
		case da[i] == db[i]:
			k.dims[i], k.sa[i], k.sb[i] = da[i], stA[i], stB[i]
		case da[i] == 1:
			k.dims[i], k.sb[i] = db[i], stB[i]
		case db[i] == 1:
			k.dims[i], k.sa[i] = da[i], stA[i]
		default:
			return nil, fmt.Errorf("%w: cannot broadcast %v with %v", ErrInvalid, ta.shape, tb.shape)
		}
	}
	rank := max(len(ta.shape), len(tb.shape))
	if err := wantShape(&b.tensors[outs[0]], k.dims[4-rank:]...); err != nil {
		return nil, err
	}
	c := k.dims[3]
	switch {
	case sameShape(ta.shape, tb.shape) || (ta.elems() == tb.elems() && da == db):
		k.mode, k.inner = arithSame, c
	case tb.elems() == c && db[3] == c && ta.elems() == k.elems():
		k.mode, k.inner = arithPerChannelB, c
	case ta.elems() == c && da[3] == c && tb.elems() == k.elems():
		k.mode, k.inner = arithPerChannelA, c
	default:
		k.mode = arithGeneral
	}
	return k, nil
}

func pad4(shape []int) [4]int {
	d := [4]int{1, 1, 1, 1}
	copy(d[4-len(shape):], shape)
	return d
}

func strides4(d [4]int) [4]int {
	return [4]int{d[1] * d[2] * d[3], d[2] * d[3], d[3], 1}
}

func (k *arith) elems() int { return k.dims[0] * k.dims[1] * k.dims[2] * k.dims[3] }

func (k *arith) work() int { return k.elems() }

// rows is the number of rows of k.inner elements.
func (k *arith) rows() int { return k.elems() / k.inner }

func (k *arith) run(e *exec) {
	if k.mode == arithGeneral {
		a, b, out := e.bufs[k.a], e.bufs[k.b], e.bufs[k.out]
		k.general(out, a, b)
		k.act.apply(out)
		return
	}
	// Elementwise work is memory-bound: count it double against the
	// threshold for multiply-adds.
	e.parallel(k.rows(), 2*k.inner, k)
}

// runRange computes rows [lo, hi) of k.inner elements in the flat modes.
func (k *arith) runRange(e *exec, _, lo, hi int) {
	a, b, out := e.bufs[k.a], e.bufs[k.b], e.bufs[k.out]
	n := k.inner
	switch k.mode {
	case arithSame:
		k.op(out[lo*n:hi*n], a[lo*n:hi*n], b[lo*n:hi*n])
	case arithPerChannelB:
		for i := lo * n; i < hi*n; i += n {
			k.op(out[i:i+n], a[i:i+n], b)
		}
	case arithPerChannelA:
		for i := lo * n; i < hi*n; i += n {
			k.op(out[i:i+n], a, b[i:i+n])
		}
	}
	k.act.apply(out[lo*n : hi*n])
}

// op computes out[i] = a[i] (+ or *) b[i].
func (k *arith) op(out, a, b []float32) {
	a, b = a[:len(out)], b[:len(out)]
	if k.mul {
		for i := range out {
			out[i] = a[i] * b[i]
		}
		return
	}
	for i := range out {
		out[i] = a[i] + b[i]
	}
}

func (k *arith) general(out, a, b []float32) {
	d := k.dims
	i := 0
	for x0 := 0; x0 < d[0]; x0++ {
		for x1 := 0; x1 < d[1]; x1++ {
			for x2 := 0; x2 < d[2]; x2++ {
				ia := x0*k.sa[0] + x1*k.sa[1] + x2*k.sa[2]
				ib := x0*k.sb[0] + x1*k.sb[1] + x2*k.sb[2]
				for x3 := 0; x3 < d[3]; x3++ {
					va, vb := a[ia+x3*k.sa[3]], b[ib+x3*k.sb[3]]
					if k.mul {
						out[i] = va * vb
					} else {
						out[i] = va + vb
					}
					i++
				}
			}
		}
	}
}
