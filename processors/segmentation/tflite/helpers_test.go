package tflite

import (
	"math"
	"math/rand/v2"
	"testing"
)

// runModel loads data and runs it on the inputs with every kernel choice
// (assembly, portable Go, two workers), requires them to agree, and
// returns graph output 0.
func runModel(t *testing.T, data []byte, inputs ...[]float32) []float32 {
	t.Helper()
	m, err := LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	var first []float32
	for _, opts := range [][]Option{nil, {withGenericKernels()}, {WithWorkers(2)}} {
		it := NewInterpreter(m, opts...)
		for i, in := range inputs {
			if len(in) != len(it.Input(i).Data) {
				t.Fatalf("input %d has %d values, model wants %d", i, len(in), len(it.Input(i).Data))
			}
			copy(it.Input(i).Data, in)
		}
		if err := it.Run(); err != nil {
			t.Fatal(err)
		}
		out := append([]float32(nil), it.Output(0).Data...)
		it.Close()
		if first == nil {
			first = out
			continue
		}
		assertClose(t, out, first, 1e-5)
	}
	return first
}

// assertClose fails unless got and want agree to within tol, relative to
// the larger of 1 and the wanted value's magnitude.
func assertClose(t *testing.T, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d values, want %d", len(got), len(want))
	}
	for i := range got {
		d := math.Abs(float64(got[i] - want[i]))
		if d > tol*math.Max(1, math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			t.Fatalf("value %d: got %v, want %v\ngot  %v\nwant %v", i, got[i], want[i], clip(got), clip(want))
		}
	}
}

func clip(x []float32) []float32 { return x[:min(len(x), 32)] }

// randomValues returns n reproducible values in [-1, 1).
func randomValues(seed uint64, n int) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, n)
	for i := range x {
		x[i] = r.Float32()*2 - 1
	}
	return x
}

// seq returns 1, 2, ..., n.
func seq(n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(i + 1)
	}
	return x
}

// Option tables for test models, by field number.
func convOptions(padding uint8, stride int32, act uint8) fbTable {
	return fbTable{padding, stride, stride, act}
}

func depthwiseOptions(padding uint8, stride int32, act uint8, dilation int32) fbTable {
	return fbTable{padding, stride, stride, int32(1), act, dilation, dilation}
}

func poolOptions(padding uint8, stride, filter int32) fbTable {
	return fbTable{padding, stride, stride, filter, filter, uint8(0)}
}

// act is the option value of a fused activation.
const (
	optNone  = uint8(0)
	optRelu  = uint8(1)
	optRelu6 = uint8(3)
)

// shape4 is a 1xHxWxC shape.
func shape4(h, w, c int) []int32 { return []int32{1, int32(h), int32(w), int32(c)} }
