package tflite

import (
	"math"
	"testing"
)

func TestHalfToFloat(t *testing.T) {
	cases := []struct {
		h    uint16
		want float32
	}{
		{0x3c00, 1},
		{0xc000, -2},
		{0x3555, 0.333251953125},
		{0x7bff, 65504},
		{0x0001, 1.0 / (1 << 24)},
		{0x03ff, 1023.0 / (1 << 24)},
		{0x0000, 0},
		{0x7c00, float32(math.Inf(1))},
		{0xfc00, float32(math.Inf(-1))},
	}
	for _, tc := range cases {
		if got := halfToFloat(tc.h); got != tc.want {
			t.Errorf("halfToFloat(%#04x) = %v, want %v", tc.h, got, tc.want)
		}
	}
	if got := halfToFloat(0x8000); got != 0 || !math.Signbit(float64(got)) {
		t.Errorf("halfToFloat(0x8000) = %v, want -0", got)
	}
	if got := halfToFloat(0x7e00); !math.IsNaN(float64(got)) {
		t.Errorf("halfToFloat(0x7e00) = %v, want NaN", got)
	}
}

func TestDequantizeFoldsFloat16Constant(t *testing.T) {
	// DEQUANTIZE of a float16 constant feeding ADD, as the selfie models
	// store their weights.
	data := buildModel([]testTensor{
		{name: "in", shape: []int32{3}},
		{name: "w16", shape: []int32{3}, typ: typeFloat16, data: f16bytes(0x3c00, 0xc000, 0x3800)},
		{name: "w", shape: []int32{3}},
		{name: "out", shape: []int32{3}},
	}, []int32{0}, []int32{3}, []testOp{
		{code: opDequantize, inputs: []int32{1}, outputs: []int32{2}},
		{code: opAdd, inputs: []int32{0, 2}, outputs: []int32{3}, options: fbTable{optNone}},
	})
	got := runModel(t, data, []float32{10, 20, 30})
	assertClose(t, got, []float32{11, 18, 30.5}, 0)
}

func TestDequantizeOfComputedTensorFails(t *testing.T) {
	data := buildModel([]testTensor{{name: "in", shape: []int32{3}}, {name: "out", shape: []int32{3}}},
		[]int32{0}, []int32{1}, []testOp{{code: opDequantize, inputs: []int32{0}, outputs: []int32{1}}})
	if _, err := LoadModel(data); err == nil {
		t.Fatal("loaded DEQUANTIZE of a float32 input")
	}
}
