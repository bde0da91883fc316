package tflite

// epilogue is what a convolution does to its results after the sums:
// apply an activation, then add a residual tensor of the output's shape.
// Both come from operators fused into the convolution at load.
type epilogue struct {
	act      activation
	residual int // tensor index, or -1
}

// apply finishes dst, the slice of the output starting at element off.
func (p *epilogue) apply(e *exec, dst []float32, off int) {
	p.act.apply(dst)
	p.addResidual(e, dst, off)
}

// addResidual adds the residual, for kernels that applied the activation
// themselves.
func (p *epilogue) addResidual(e *exec, dst []float32, off int) {
	if p.residual >= 0 {
		r := e.bufs[p.residual][off : off+len(dst)]
		for i := range dst {
			dst[i] += r[i]
		}
	}
}

// fusable is a kernel whose epilogue can absorb a following operator.
type fusable interface {
	kernel
	fusion() *epilogue
	output() int
	setOutput(t int)
}
