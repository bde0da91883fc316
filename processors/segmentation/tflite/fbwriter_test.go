package tflite

import (
	"encoding/binary"
	"math"
)

// This file writes small TFLite FlatBuffers for tests: objects are laid out
// parent first, each table right after its vtable, children after their
// parent, so that every offset points forward as the format requires.

// fbTable is a table; element i is field i, nil when absent. Elements are
// uint8, int32, uint32, fbTable, []fbTable, []int32, []byte or string.
type fbTable []any

type fbWriter struct{ buf []byte }

func (w *fbWriter) align4() {
	for len(w.buf)%4 != 0 {
		w.buf = append(w.buf, 0)
	}
}

func (w *fbWriter) u32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }

func (w *fbWriter) patch(slot, target int) {
	binary.LittleEndian.PutUint32(w.buf[slot:], uint32(target-slot))
}

// object writes v and returns its position (a table's inline data, or a
// vector's or string's length word).
func (w *fbWriter) object(v any) int {
	w.align4()
	switch v := v.(type) {
	case fbTable:
		return w.table(v)
	case []fbTable:
		pos := len(w.buf)
		w.u32(uint32(len(v)))
		slots := len(w.buf)
		for range v {
			w.u32(0)
		}
		for i, t := range v {
			w.patch(slots+4*i, w.object(t))
		}
		return pos
	case []int32:
		pos := len(w.buf)
		w.u32(uint32(len(v)))
		for _, x := range v {
			w.u32(uint32(x))
		}
		return pos
	case []byte:
		pos := len(w.buf)
		w.u32(uint32(len(v)))
		w.buf = append(w.buf, v...)
		return pos
	case string:
		pos := len(w.buf)
		w.u32(uint32(len(v)))
		w.buf = append(append(w.buf, v...), 0)
		return pos
	}
	panic("fbWriter: unsupported object")
}

func (w *fbWriter) table(t fbTable) int {
	vt := len(w.buf)
	w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(4+2*len(t)))
	w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(4+4*len(t)))
	for i, f := range t {
		off := uint16(0)
		if f != nil {
			off = uint16(4 + 4*i)
		}
		w.buf = binary.LittleEndian.AppendUint16(w.buf, off)
	}
	w.align4()
	pos := len(w.buf)
	w.u32(uint32(pos - vt))
	var refs []int
	for i, f := range t {
		switch f := f.(type) {
		case nil:
			w.u32(0)
		case uint8:
			w.u32(uint32(f))
		case int32:
			w.u32(uint32(f))
		case uint32:
			w.u32(f)
		default:
			refs = append(refs, i)
			w.u32(0)
		}
	}
	for _, i := range refs {
		w.patch(pos+4+4*i, w.object(t[i]))
	}
	return pos
}

// testTensor is a tensor of a test model; data makes it a constant.
type testTensor struct {
	name  string
	shape []int32
	typ   uint8
	data  []byte
}

// testOp is an operator of a test model.
type testOp struct {
	code    int32
	custom  string // custom code when code is opCustom
	inputs  []int32
	outputs []int32
	options fbTable
	raw     []byte // custom options
}

// buildModel writes a one-subgraph TFLite model.
func buildModel(tensors []testTensor, inputs, outputs []int32, ops []testOp) []byte {
	buffers := []fbTable{{}}
	var tts []fbTable
	for _, t := range tensors {
		buf := uint32(0)
		if t.data != nil {
			buf = uint32(len(buffers))
			buffers = append(buffers, fbTable{t.data})
		}
		tts = append(tts, fbTable{t.shape, t.typ, buf, t.name})
	}
	var codes, operators []fbTable
	for _, op := range ops {
		idx := int32(-1)
		for i, c := range codes {
			if c[3] == op.code && (op.custom == "" || c[1] == op.custom) {
				idx = int32(i)
			}
		}
		if idx < 0 {
			idx = int32(len(codes))
			var custom any
			if op.custom != "" {
				custom = op.custom
			}
			codes = append(codes, fbTable{uint8(min(op.code, 127)), custom, int32(1), op.code})
		}
		o := fbTable{uint32(idx), op.inputs, op.outputs, nil, nil, nil}
		if op.options != nil {
			o[3], o[4] = uint8(1), op.options // the type byte is not checked
		}
		if op.raw != nil {
			o[5] = op.raw
		}
		operators = append(operators, o)
	}
	subgraph := fbTable{tts, inputs, outputs, operators, "main"}
	model := fbTable{uint32(3), codes, []fbTable{subgraph}, "test", buffers}
	w := &fbWriter{buf: make([]byte, 8)}
	copy(w.buf[4:], "TFL3")
	w.patch(0, w.object(model))
	return w.buf
}

// f32bytes encodes float32 values as a constant buffer.
func f32bytes(v ...float32) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// i32bytes encodes int32 values as a constant buffer.
func i32bytes(v ...int32) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	return b
}

// f16bytes encodes raw float16 bit patterns as a constant buffer.
func f16bytes(v ...uint16) []byte {
	b := make([]byte, 0, 2*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint16(b, x)
	}
	return b
}
