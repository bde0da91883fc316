package tflite

// exec is the state of one inference: the buffer of every tensor and the
// workers to spread large kernels over.
type exec struct {
	bufs    [][]float32 // by tensor index; constants point at the Model
	scratch [][]float32 // one scratch area per worker
	shared  []float32   // scratch shared by the workers of one kernel
	pool    *workers
	simd    bool // use assembly kernels where the CPU has them
}

// kernel runs one operator.
type kernel interface {
	run(e *exec)
	// work estimates the operator's cost in multiply-adds or element
	// operations, for Model.Work.
	work() int
}

// rangeTask is the part of a kernel that can run on a slice [lo, hi) of its
// work items (output rows, pixels, channels) on worker w.
type rangeTask interface {
	runRange(e *exec, w, lo, hi int)
}

// minParallelWork is the amount of work (roughly multiply-adds) below which
// splitting a kernel across goroutines costs more than it saves: handing a
// slice to a parked worker takes microseconds, in which the assembly
// kernels do a few hundred thousand multiply-adds.
const minParallelWork = 1 << 18

// parallel runs t over items [0, n) split across the workers when the work
// (per item cost times n) is large enough, else on the calling goroutine.
func (e *exec) parallel(n, costPerItem int, t rangeTask) {
	if e.pool == nil || e.pool.n <= 1 || n < 2 || n*costPerItem < minParallelWork {
		t.runRange(e, 0, 0, n)
		return
	}
	e.pool.run(e, n, t)
}

// Kernels that take part in fusion.
var (
	_ fusable = (*conv2D)(nil)
	_ fusable = (*depthwise)(nil)
	_ fusable = (*transposeConv)(nil)
)
