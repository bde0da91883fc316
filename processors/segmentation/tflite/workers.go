package tflite

import "sync"

// workers is a fixed set of goroutines owned by an Interpreter. run hands
// each one a slice of a task and does the first slice itself; close stops
// and waits for them. Handing work over a channel of structs keeps Run free
// of allocations.
type workers struct {
	n    int
	jobs []chan job
	done sync.WaitGroup // finished slices of the current task
	exit sync.WaitGroup // goroutines still running
}

type job struct {
	e      *exec
	t      rangeTask
	w      int
	lo, hi int
}

func newWorkers(n int) *workers {
	p := &workers{n: n, jobs: make([]chan job, n)}
	for w := 1; w < n; w++ {
		ch := make(chan job, 1)
		p.jobs[w] = ch
		p.exit.Add(1)
		go func() {
			defer p.exit.Done()
			for j := range ch {
				j.t.runRange(j.e, j.w, j.lo, j.hi)
				p.done.Done()
			}
		}()
	}
	return p
}

// run splits [0, n) into p.n contiguous slices and waits for all of them.
func (p *workers) run(e *exec, n int, t rangeTask) {
	parts := min(p.n, n)
	p.done.Add(parts - 1)
	for w := 1; w < parts; w++ {
		p.jobs[w] <- job{e: e, t: t, w: w, lo: n * w / parts, hi: n * (w + 1) / parts}
	}
	t.runRange(e, 0, 0, n/parts)
	p.done.Wait()
}

// close stops the goroutines and waits until they have returned.
func (p *workers) close() {
	for _, ch := range p.jobs[1:] {
		close(ch)
	}
	p.exit.Wait()
}
