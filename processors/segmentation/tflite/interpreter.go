package tflite

import (
	"fmt"
)

// Interpreter runs a Model. It owns the activation buffers and, with more
// than one worker, the goroutines that share large operators; Close stops
// them. After the first Run, Run allocates nothing. An Interpreter is not
// safe for concurrent use; make one per goroutine from the same Model.
type Interpreter struct {
	m       *Model
	e       exec
	inputs  []Tensor
	outputs []Tensor
	closed  bool
}

// Option configures an Interpreter.
type Option func(*config)

type config struct {
	workers int
	generic bool
}

// WithWorkers sets how many goroutines share the work of large operators,
// counting the one that calls Run. The default, 1, runs everything on the
// caller's goroutine and starts none.
func WithWorkers(n int) Option {
	return func(c *config) { c.workers = max(n, 1) }
}

// withGenericKernels disables the assembly kernels, for tests that compare
// them with the portable Go ones.
func withGenericKernels() Option {
	return func(c *config) { c.generic = true }
}

// NewInterpreter allocates the buffers to run m and starts its workers.
func NewInterpreter(m *Model, opts ...Option) *Interpreter {
	cfg := config{workers: 1}
	for _, o := range opts {
		o(&cfg)
	}
	it := &Interpreter{m: m}
	arena := make([]float32, m.arenaSize)
	it.e.bufs = make([][]float32, len(m.tensors))
	for t := range m.tensors {
		spec := &m.tensors[t]
		switch {
		case spec.f32 != nil:
			it.e.bufs[t] = spec.f32
		case m.offsets[t] >= 0:
			n := spec.elems()
			it.e.bufs[t] = arena[m.offsets[t] : m.offsets[t]+n : m.offsets[t]+n]
		}
	}
	it.e.scratch = make([][]float32, cfg.workers)
	for w := range it.e.scratch {
		it.e.scratch[w] = make([]float32, m.scratch)
	}
	it.e.shared = make([]float32, m.shared)
	it.e.simd = !cfg.generic
	if cfg.workers > 1 {
		it.e.pool = newWorkers(cfg.workers)
	}
	it.inputs = it.tensors(m.inputs)
	it.outputs = it.tensors(m.outputs)
	return it
}

func (it *Interpreter) tensors(idx []int) []Tensor {
	out := make([]Tensor, len(idx))
	for i, t := range idx {
		spec := &it.m.tensors[t]
		out[i] = Tensor{Name: spec.name, Shape: append([]int(nil), spec.shape...), Data: it.e.bufs[t]}
	}
	return out
}

// Input returns graph input i. Fill its Data before each Run: Run reuses
// the space for intermediate results.
func (it *Interpreter) Input(i int) *Tensor { return &it.inputs[i] }

// Output returns graph output i. Its Data holds the result of the last Run
// until the next one.
func (it *Interpreter) Output(i int) *Tensor { return &it.outputs[i] }

// Run computes the outputs from the inputs.
func (it *Interpreter) Run() error {
	if it.closed {
		return fmt.Errorf("run: %w", ErrClosed)
	}
	for _, n := range it.m.nodes {
		n.k.run(&it.e)
	}
	return nil
}

// Close stops the worker goroutines and waits for them to return. It is
// safe to call more than once.
func (it *Interpreter) Close() error {
	if it.closed {
		return nil
	}
	it.closed = true
	if it.e.pool != nil {
		it.e.pool.close()
	}
	return nil
}
