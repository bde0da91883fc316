package tflite

import "testing"

type nopTask struct{ sink []int }

func (t *nopTask) runRange(e *exec, w, lo, hi int) { t.sink[w] += hi - lo }

// BenchmarkWorkersHandoff measures splitting an empty task over two
// workers: the fixed cost of one parallel kernel.
func BenchmarkWorkersHandoff(b *testing.B) {
	p := newWorkers(2)
	defer p.close()
	e := &exec{pool: p}
	t := &nopTask{sink: make([]int, 2)}
	for b.Loop() {
		p.run(e, 100, t)
	}
}
