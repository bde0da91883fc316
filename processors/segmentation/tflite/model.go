package tflite

import (
	"fmt"
)

// Model is a loaded TFLite model: its graph checked, constant weights
// converted to float32 and laid out for the kernels, activation and
// residual operators fused into the convolutions before them, and a memory
// plan for the activations. A Model is immutable; each Interpreter made from
// it owns the buffers for one inference at a time.
type Model struct {
	tensors   []tensorSpec
	inputs    []int
	outputs   []int
	nodes     []node
	offsets   []int // arena offset of each runtime tensor; -1 for constants
	arenaSize int
	scratch   int // per-worker scratch floats the kernels need
	shared    int // shared scratch floats the kernels need
}

// node is one operator to run, after folding and fusion.
type node struct {
	name    string
	inputs  []int // runtime and constant tensors read
	outputs []int
	k       kernel
}

// LoadModel parses a TFLite FlatBuffer and prepares it to run. It returns an
// error, never panics, for a truncated or corrupted file, and an error
// naming the operator for one this package does not implement. The model
// keeps no reference to data.
func LoadModel(data []byte) (*Model, error) {
	raw, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("load tflite model: %w", err)
	}
	m, err := build(raw)
	if err != nil {
		return nil, fmt.Errorf("load tflite model: %w", err)
	}
	return m, nil
}

// Inputs returns the names and shapes of the graph inputs.
func (m *Model) Inputs() []Tensor { return m.describe(m.inputs) }

// Outputs returns the names and shapes of the graph outputs.
func (m *Model) Outputs() []Tensor { return m.describe(m.outputs) }

// Operators returns the names of the operators that run, in order, after
// folding and fusion.
func (m *Model) Operators() []string {
	names := make([]string, len(m.nodes))
	for i, n := range m.nodes {
		names[i] = n.name
	}
	return names
}

// Work estimates the multiply-adds and other element operations of one
// Run, a measure of cost independent of the machine.
func (m *Model) Work() int {
	total := 0
	for _, n := range m.nodes {
		total += n.k.work()
	}
	return total
}

func (m *Model) describe(idx []int) []Tensor {
	out := make([]Tensor, len(idx))
	for i, t := range idx {
		out[i] = Tensor{Name: m.tensors[t].name, Shape: append([]int(nil), m.tensors[t].shape...)}
	}
	return out
}
