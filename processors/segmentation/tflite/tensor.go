package tflite

import (
	"fmt"
	"math"
)

// Limits that keep a hostile model from asking for unbounded memory.
const (
	maxTensorElems = 1 << 24 // 64 MiB of float32
	maxArenaElems  = 1 << 26 // 256 MiB for all activations together
	maxRank        = 6
)

// Tensor is a float32 tensor of an Interpreter: a graph input to fill or an
// output to read. Data is laid out row-major over Shape (NHWC for images).
type Tensor struct {
	Name  string
	Shape []int
	Data  []float32
}

// tensorSpec describes one tensor of the graph. Constant tensors carry
// their data; activations get a buffer from the Interpreter.
type tensorSpec struct {
	name  string
	shape []int
	typ   uint8
	f32   []float32 // constant float data, possibly produced at load
	i32   []int32   // constant int32 data
	raw   []byte    // constant data as stored, before conversion
}

func (t *tensorSpec) isConst() bool { return t.f32 != nil || t.i32 != nil || t.raw != nil }

// elems returns the number of elements of the tensor.
func (t *tensorSpec) elems() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// shapeOf converts and checks a stored shape.
func shapeOf(dims []int32) ([]int, error) {
	if len(dims) > maxRank {
		return nil, fmt.Errorf("%w: rank %d above %d", ErrUnsupported, len(dims), maxRank)
	}
	shape := make([]int, len(dims))
	n := 1
	for i, d := range dims {
		if d <= 0 {
			return nil, fmt.Errorf("%w: dimension %d is %d", ErrUnsupported, i, d)
		}
		if n > maxTensorElems/int(d) {
			return nil, fmt.Errorf("%w: shape %v above %d elements", ErrUnsupported, dims, maxTensorElems)
		}
		n *= int(d)
		shape[i] = int(d)
	}
	return shape, nil
}

// decodeConst converts a constant buffer to float32 or int32 data.
func (t *tensorSpec) decodeConst() error {
	n := t.elems()
	switch t.typ {
	case typeFloat32:
		if len(t.raw) != 4*n {
			return fmt.Errorf("%w: tensor %q has %d bytes for %d float32", ErrInvalid, t.name, len(t.raw), n)
		}
		t.f32 = make([]float32, n)
		for i := range t.f32 {
			t.f32[i] = math.Float32frombits(le32(t.raw[4*i:]))
		}
	case typeInt32:
		if len(t.raw) != 4*n {
			return fmt.Errorf("%w: tensor %q has %d bytes for %d int32", ErrInvalid, t.name, len(t.raw), n)
		}
		t.i32 = make([]int32, n)
		for i := range t.i32 {
			t.i32[i] = int32(le32(t.raw[4*i:]))
		}
	case typeFloat16:
		if len(t.raw) != 2*n {
			return fmt.Errorf("%w: tensor %q has %d bytes for %d float16", ErrInvalid, t.name, len(t.raw), n)
		}
	default:
		return fmt.Errorf("%w: tensor %q has type %d", ErrUnsupported, t.name, t.typ)
	}
	return nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// sameShape reports whether two shapes are equal.
func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
