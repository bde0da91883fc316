package tflite

import (
	"fmt"
)

// builder turns a decoded model into a runnable Model.
type builder struct {
	raw      *rawModel
	sg       *rawSubgraph
	tensors  []tensorSpec
	produced []bool // tensor has a value at the current point of the graph
	nodes    []node
}

func build(raw *rawModel) (*Model, error) {
	if len(raw.subgraphs) != 1 {
		return nil, fmt.Errorf("%w: %d subgraphs, want 1", ErrUnsupported, len(raw.subgraphs))
	}
	b := &builder{raw: raw, sg: &raw.subgraphs[0]}
	// Report unsupported operators before anything else, so that the
	// error names the operator rather than some detail of its tensors.
	for i, op := range b.sg.operators {
		if err := b.checkSupported(op); err != nil {
			return nil, fmt.Errorf("operator %d: %w", i, err)
		}
	}
	if err := b.loadTensors(); err != nil {
		return nil, err
	}
	inputs, err := b.graphTensors(b.sg.inputs, "input")
	if err != nil {
		return nil, err
	}
	outputs, err := b.graphTensors(b.sg.outputs, "output")
	if err != nil {
		return nil, err
	}
	for _, t := range inputs {
		if b.tensors[t].isConst() || b.tensors[t].typ != typeFloat32 {
			return nil, fmt.Errorf("%w: graph input %q is not a float32 activation", ErrUnsupported, b.tensors[t].name)
		}
		b.produced[t] = true
	}
	for i, op := range b.sg.operators {
		if err := b.addOperator(op); err != nil {
			return nil, fmt.Errorf("operator %d (%s): %w", i, b.opName(op), err)
		}
	}
	for _, t := range outputs {
		if !b.produced[t] || b.tensors[t].typ != typeFloat32 {
			return nil, fmt.Errorf("%w: graph output %q is never computed as float32", ErrInvalid, b.tensors[t].name)
		}
	}
	for i := range b.tensors {
		b.tensors[i].raw = nil // converted; keep no reference to the file
	}
	nodes := fuse(b.nodes, b.tensors, outputs)
	m := &Model{tensors: b.tensors, inputs: inputs, outputs: outputs, nodes: nodes}
	if err := m.plan(); err != nil {
		return nil, err
	}
	return m, nil
}

func (b *builder) opName(op rawOperator) string {
	if int(op.opcode) >= len(b.raw.opcodes) {
		return "?"
	}
	return opName(b.raw.opcodes[op.opcode])
}

func (b *builder) checkSupported(op rawOperator) error {
	if int(op.opcode) >= len(b.raw.opcodes) {
		return fmt.Errorf("%w: opcode index %d out of range", ErrInvalid, op.opcode)
	}
	code := b.raw.opcodes[op.opcode]
	switch code.builtin {
	case opAdd, opAveragePool2D, opConv2D, opDepthwiseConv2D, opDequantize,
		opLogistic, opMul, opRelu, opResizeBilinear, opMean, opHardSwish:
		return nil
	case opCustom:
		if code.custom == customTransposeConvBias {
			return nil
		}
	}
	return fmt.Errorf("%w: unsupported operator %q", ErrUnsupported, opName(code))
}

func (b *builder) loadTensors() error {
	b.tensors = make([]tensorSpec, len(b.sg.tensors))
	b.produced = make([]bool, len(b.sg.tensors))
	for i, rt := range b.sg.tensors {
		shape, err := shapeOf(rt.shape)
		if err != nil {
			return fmt.Errorf("tensor %q: %w", rt.name, err)
		}
		if int(rt.buffer) >= len(b.raw.buffers) {
			return fmt.Errorf("%w: tensor %q refers to buffer %d of %d", ErrInvalid, rt.name, rt.buffer, len(b.raw.buffers))
		}
		t := tensorSpec{name: rt.name, shape: shape, typ: rt.typ}
		if data := b.raw.buffers[rt.buffer]; len(data) > 0 {
			t.raw = data
			if err := t.decodeConst(); err != nil {
				return err
			}
			b.produced[i] = true
		}
		b.tensors[i] = t
	}
	return nil
}

func (b *builder) graphTensors(idx []int32, what string) ([]int, error) {
	if len(idx) == 0 {
		return nil, fmt.Errorf("%w: graph has no %s", ErrInvalid, what)
	}
	out := make([]int, len(idx))
	for i, t := range idx {
		if t < 0 || int(t) >= len(b.tensors) {
			return nil, fmt.Errorf("%w: graph %s %d out of range", ErrInvalid, what, t)
		}
		out[i] = int(t)
	}
	return out, nil
}

// addOperator checks one operator and appends its node; DEQUANTIZE of a
// constant is folded into a float32 constant instead.
func (b *builder) addOperator(op rawOperator) error {
	code := b.raw.opcodes[op.opcode]
	ins, err := b.indices(op.inputs, true)
	if err != nil {
		return err
	}
	outs, err := b.indices(op.outputs, false)
	if err != nil {
		return err
	}
	for _, t := range ins {
		if t >= 0 && !b.produced[t] {
			return fmt.Errorf("%w: input %q is used before it is computed", ErrInvalid, b.tensors[t].name)
		}
	}
	for _, t := range outs {
		if b.produced[t] {
			return fmt.Errorf("%w: output %q is computed twice or is a constant", ErrInvalid, b.tensors[t].name)
		}
		if b.tensors[t].typ != typeFloat32 {
			return fmt.Errorf("%w: output %q is not float32", ErrUnsupported, b.tensors[t].name)
		}
	}
	if code.builtin == opDequantize && len(ins) == 1 && ins[0] >= 0 && b.tensors[ins[0]].isConst() {
		if err := b.foldDequantize(ins[0], outs); err != nil {
			return err
		}
		b.produced[outs[0]] = true
		return nil
	}
	k, err := b.kernelFor(code, op, ins, outs)
	if err != nil {
		return err
	}
	for _, t := range outs {
		b.produced[t] = true
	}
	b.nodes = append(b.nodes, node{name: opName(code), inputs: nonNegative(ins), outputs: outs, k: k})
	return nil
}

// indices converts tensor indices, allowing -1 (an omitted optional input)
// only when optional is set.
func (b *builder) indices(idx []int32, optional bool) ([]int, error) {
	out := make([]int, len(idx))
	for i, t := range idx {
		switch {
		case t == -1 && optional:
			out[i] = -1
		case t < 0 || int(t) >= len(b.tensors):
			return nil, fmt.Errorf("%w: tensor index %d out of range", ErrInvalid, t)
		default:
			out[i] = int(t)
		}
	}
	return out, nil
}

func nonNegative(idx []int) []int {
	var out []int
	for _, t := range idx {
		if t >= 0 {
			out = append(out, t)
		}
	}
	return out
}

func (b *builder) kernelFor(code rawOpcode, op rawOperator, ins, outs []int) (kernel, error) {
	switch code.builtin {
	case opConv2D:
		return b.conv2D(op, ins, outs)
	case opDepthwiseConv2D:
		return b.depthwise(op, ins, outs)
	case opAveragePool2D:
		return b.averagePool(op, ins, outs)
	case opMean:
		return b.mean(op, ins, outs)
	case opAdd:
		return b.arith(op, ins, outs, false)
	case opMul:
		return b.arith(op, ins, outs, true)
	case opRelu:
		return b.unary(ins, outs, actRelu)
	case opHardSwish:
		return b.unary(ins, outs, actHardSwish)
	case opLogistic:
		return b.unary(ins, outs, actSigmoid)
	case opResizeBilinear:
		return b.resizeBilinear(op, ins, outs)
	case opDequantize:
		return b.dequantize(ins, outs)
	case opCustom:
		return b.transposeConvBias(op, ins, outs)
	}
	return nil, fmt.Errorf("%w: unsupported operator %q", ErrUnsupported, opName(code))
}

// arity checks the number of inputs and outputs of an operator.
func arity(ins, outs []int, minIn, maxIn, nOut int) error {
	if len(ins) < minIn || len(ins) > maxIn || len(outs) != nOut {
		return fmt.Errorf("%w: %d inputs and %d outputs", ErrInvalid, len(ins), len(outs))
	}
	for _, t := range ins[:minIn] {
		if t < 0 {
			return fmt.Errorf("%w: required input omitted", ErrInvalid)
		}
	}
	return nil
}

// activation returns a float32 activation tensor (runtime or constant).
func (b *builder) floatTensor(t int) (*tensorSpec, error) {
	s := &b.tensors[t]
	if s.typ != typeFloat32 || (s.isConst() && s.f32 == nil) {
		return nil, fmt.Errorf("%w: tensor %q is not float32", ErrUnsupported, s.name)
	}
	return s, nil
}

// constFloat returns the data of a constant float32 tensor of n elements.
func (b *builder) constFloat(t, n int) ([]float32, error) {
	s := &b.tensors[t]
	if s.f32 == nil {
		return nil, fmt.Errorf("%w: tensor %q must be a float32 constant", ErrUnsupported, s.name)
	}
	if len(s.f32) != n {
		return nil, fmt.Errorf("%w: tensor %q has %d elements, want %d", ErrInvalid, s.name, len(s.f32), n)
	}
	return s.f32, nil
}

// constInt returns the data of a constant int32 tensor.
func (b *builder) constInt(t int) ([]int32, error) {
	s := &b.tensors[t]
	if s.i32 == nil {
		return nil, fmt.Errorf("%w: tensor %q must be an int32 constant", ErrUnsupported, s.name)
	}
	return s.i32, nil
}

// imageDims returns the height, width and channels of a 1xHxWxC tensor.
// imageInput is an operator's float input of shape 1xHxWxC.
func (b *builder) imageInput(i int) (h, w, c int, err error) {
	in, err := b.floatTensor(i)
	if err != nil {
		return 0, 0, 0, err
	}
	return imageDims(in)
}

func imageDims(s *tensorSpec) (h, w, c int, err error) {
	if len(s.shape) != 4 || s.shape[0] != 1 {
		return 0, 0, 0, fmt.Errorf("%w: tensor %q has shape %v, want 1xHxWxC", ErrUnsupported, s.name, s.shape)
	}
	return s.shape[1], s.shape[2], s.shape[3], nil
}

// wantShape checks that a tensor has the shape an operator computes.
func wantShape(s *tensorSpec, shape ...int) error {
	if !sameShape(s.shape, shape) {
		return fmt.Errorf("%w: tensor %q has shape %v, operator computes %v", ErrInvalid, s.name, s.shape, shape)
	}
	return nil
}
