package tflite

import (
	"fmt"
)

// rawModel is the part of a TFLite FlatBuffer this package uses, decoded
// into plain values. Byte slices alias the input.
type rawModel struct {
	version   uint32
	opcodes   []rawOpcode
	subgraphs []rawSubgraph
	buffers   [][]byte
}

type rawOpcode struct {
	builtin int32
	custom  string
}

type rawSubgraph struct {
	tensors   []rawTensor
	inputs    []int32
	outputs   []int32
	operators []rawOperator
}

type rawTensor struct {
	shape  []int32
	typ    uint8
	buffer uint32
	name   string
}

type rawOperator struct {
	opcode  uint32
	inputs  []int32
	outputs []int32
	options table // builtin options table; zero when absent
	custom  []byte
}

// decode parses the FlatBuffer in data. It never panics: malformed input
// yields an error wrapping ErrMalformed.
func decode(data []byte) (*rawModel, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("%w: %d bytes is too short for a model", ErrMalformed, len(data))
	}
	if string(data[4:8]) != "TFL3" {
		return nil, fmt.Errorf("%w: missing TFL3 file identifier", ErrMalformed)
	}
	r := &reader{buf: data}
	root := r.ref(0)
	if root < 0 {
		return nil, r.err
	}
	t := r.tableAt(root)
	m := &rawModel{version: t.u32(modelVersion, 0)}

	codes := t.vector(modelOperatorCodes, 4)
	for j := 0; j < codes.n && r.err == nil; j++ {
		m.opcodes = append(m.opcodes, decodeOpcode(codes.table(j)))
	}
	subgraphs := t.vector(modelSubgraphs, 4)
	for j := 0; j < subgraphs.n && r.err == nil; j++ {
		m.subgraphs = append(m.subgraphs, decodeSubgraph(subgraphs.table(j)))
	}
	buffers := t.vector(modelBuffers, 4)
	for j := 0; j < buffers.n && r.err == nil; j++ {
		m.buffers = append(m.buffers, decodeBuffer(r, buffers.table(j)))
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

func decodeOpcode(t table) rawOpcode {
	// Builtin codes above 127 live only in builtin_code; older files set
	// only deprecated_builtin_code. The larger of the two is the real one.
	code := int32(t.u8(opcodeDeprecatedBuiltin, 0))
	if b := t.i32(opcodeBuiltin, 0); b > code {
		code = b
	}
	return rawOpcode{builtin: code, custom: t.str(opcodeCustom)}
}

func decodeSubgraph(t table) rawSubgraph {
	var s rawSubgraph
	tensors := t.vector(subgraphTensors, 4)
	for j := 0; j < tensors.n && t.r.err == nil; j++ {
		tt := tensors.table(j)
		s.tensors = append(s.tensors, rawTensor{
			shape:  tt.vector(tensorShape, 4).i32s(),
			typ:    tt.u8(tensorType, 0),
			buffer: tt.u32(tensorBuffer, 0),
			name:   tt.str(tensorName),
		})
	}
	s.inputs = t.vector(subgraphInputs, 4).i32s()
	s.outputs = t.vector(subgraphOutputs, 4).i32s()
	ops := t.vector(subgraphOperators, 4)
	for j := 0; j < ops.n && t.r.err == nil; j++ {
		ot := ops.table(j)
		s.operators = append(s.operators, rawOperator{
			opcode:  ot.u32(operatorOpcodeIndex, 0),
			inputs:  ot.vector(operatorInputs, 4).i32s(),
			outputs: ot.vector(operatorOutputs, 4).i32s(),
			options: ot.table(operatorBuiltinOptions),
			custom:  ot.vector(operatorCustomOptions, 1).bytes(),
		})
	}
	return s
}

// decodeBuffer returns a buffer's bytes, either inline or, for large
// models, at an offset into the file.
func decodeBuffer(r *reader, t table) []byte {
	if data := t.vector(bufferData, 1).bytes(); len(data) > 0 {
		return data
	}
	off, size := t.u64(bufferOffset, 0), t.u64(bufferSize, 0)
	if off <= 1 || r.err != nil {
		return nil
	}
	if off > uint64(len(r.buf)) || size > uint64(len(r.buf))-off {
		r.fail("buffer of %d bytes at file offset %d outside the file", size, off)
		return nil
	}
	return r.buf[off : off+size : off+size]
}
