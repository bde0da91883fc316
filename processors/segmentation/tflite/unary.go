package tflite

// unary is RELU, HARD_SWISH or LOGISTIC: an activation as an operator of
// its own. Most are fused into the convolution before them at load.
type unary struct {
	in, out int
	n       int
	act     activation
}

func (b *builder) unary(ins, outs []int, act activation) (kernel, error) {
	if err := arity(ins, outs, 1, 1, 1); err != nil {
		return nil, err
	}
	in, err := b.floatTensor(ins[0])
	if err != nil {
		return nil, err
	}
	if err := wantShape(&b.tensors[outs[0]], in.shape...); err != nil {
		return nil, err
	}
	return &unary{in: ins[0], out: outs[0], n: in.elems(), act: act}, nil
}

// unaryChunk is the number of elements per parallel work item.
const unaryChunk = 4096

func (k *unary) work() int { return 8 * k.n }

func (k *unary) run(e *exec) {
	n := len(e.bufs[k.out])
	e.parallel((n+unaryChunk-1)/unaryChunk, unaryChunk, k)
}

func (k *unary) runRange(e *exec, _, lo, hi int) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	lo, hi = lo*unaryChunk, min(hi*unaryChunk, len(out))
	k.act.applyTo(out[lo:hi], in[lo:hi])
}
