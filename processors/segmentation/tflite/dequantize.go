package tflite

import (
	"encoding/binary"
	"fmt"
	"math"
)

// foldDequantize runs DEQUANTIZE of a float16 constant at load, making its
// output a float32 constant. The selfie models store all weights this way.
func (b *builder) foldDequantize(in int, outs []int) error {
	if len(outs) != 1 {
		return fmt.Errorf("%w: %d outputs", ErrInvalid, len(outs))
	}
	src, dst := &b.tensors[in], &b.tensors[outs[0]]
	if src.typ != typeFloat16 {
		return fmt.Errorf("%w: DEQUANTIZE of type %d", ErrUnsupported, src.typ)
	}
	if !sameShape(src.shape, dst.shape) {
		return fmt.Errorf("%w: DEQUANTIZE from %v to %v", ErrInvalid, src.shape, dst.shape)
	}
	dst.f32 = make([]float32, src.elems())
	for i := range dst.f32 {
		dst.f32[i] = halfToFloat(binary.LittleEndian.Uint16(src.raw[2*i:]))
	}
	return nil
}

// dequantize handles DEQUANTIZE of a computed tensor, which cannot occur:
// every computed tensor here is float32.
func (b *builder) dequantize(ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 1, 1, 1); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%w: DEQUANTIZE of computed tensor %q", ErrUnsupported, b.tensors[ins[0]].name)
}

// halfToFloat converts an IEEE 754 binary16 value to float32.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // infinity or NaN
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
	case frac == 0: // zero
		return math.Float32frombits(sign)
	}
	// Subnormal: value is frac * 2^-24.
	f := float32(frac) * (1.0 / (1 << 24))
	if sign != 0 {
		f = -f
	}
	return f
}
