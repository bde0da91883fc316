package tflite

import (
	"math"
	"testing"
)

func unaryModel(code int32, n int) []byte {
	return buildModel([]testTensor{{name: "in", shape: []int32{1, int32(n)}}, {name: "out", shape: []int32{1, int32(n)}}},
		[]int32{0}, []int32{1}, []testOp{{code: code, inputs: []int32{0}, outputs: []int32{1}}})
}

func TestRelu(t *testing.T) {
	got := runModel(t, unaryModel(opRelu, 4), []float32{-1, 0, 2, -0.5})
	assertClose(t, got, []float32{0, 0, 2, 0}, 0)
}

func TestHardSwish(t *testing.T) {
	// x * relu6(x + 3) / 6
	got := runModel(t, unaryModel(opHardSwish, 7), []float32{-4, -3, -1, 0, 1, 3, 4})
	assertClose(t, got, []float32{0, 0, -1.0 / 3, 0, 2.0 / 3, 3, 4}, 1e-6)
}

func TestLogistic(t *testing.T) {
	in := []float32{0, 2, -2, 10, -10, 100, -100}
	want := make([]float32, len(in))
	for i, v := range in {
		want[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
	got := runModel(t, unaryModel(opLogistic, len(in)), in)
	assertClose(t, got, want, 1e-6)
}

func TestExpfAccuracy(t *testing.T) {
	for x := float32(-80); x < 80; x += 0.37 {
		want := math.Exp(float64(x))
		if got := float64(expf(x)); math.Abs(got-want) > 2e-6*want {
			t.Fatalf("expf(%v) = %v, want %v", x, got, want)
		}
	}
}

// arithModel is ADD or MUL of two inputs.
func arithModel(code int32, a, b, out []int32, act uint8) []byte {
	return buildModel([]testTensor{{name: "a", shape: a}, {name: "b", shape: b}, {name: "out", shape: out}},
		[]int32{0, 1}, []int32{2}, []testOp{{code: code, inputs: []int32{0, 1}, outputs: []int32{2}, options: fbTable{act}}})
}

func TestAdd(t *testing.T) {
	s := shape4(1, 2, 2)
	got := runModel(t, arithModel(opAdd, s, s, s, optNone), []float32{1, 2, 3, 4}, []float32{10, 20, 30, 40})
	assertClose(t, got, []float32{11, 22, 33, 44}, 0)
}

func TestAddFusedRelu(t *testing.T) {
	s := shape4(1, 2, 2)
	got := runModel(t, arithModel(opAdd, s, s, s, optRelu), []float32{1, -2, 3, -4}, []float32{-2, 1, 0, 5})
	assertClose(t, got, []float32{0, 0, 3, 1}, 0)
}

func TestMulPerChannel(t *testing.T) {
	// A squeeze-and-excitation scale: [1,1,2,2] times per-channel [1,1,1,2].
	got := runModel(t, arithModel(opMul, shape4(1, 2, 2), shape4(1, 1, 2), shape4(1, 2, 2), optNone),
		[]float32{1, 2, 3, 4}, []float32{10, 100})
	assertClose(t, got, []float32{10, 200, 30, 400}, 0)
	// And with the vector first.
	got = runModel(t, arithModel(opMul, shape4(1, 1, 2), shape4(1, 2, 2), shape4(1, 2, 2), optNone),
		[]float32{10, 100}, []float32{1, 2, 3, 4})
	assertClose(t, got, []float32{10, 200, 30, 400}, 0)
}

func TestAddBroadcastGeneral(t *testing.T) {
	// [2,1] + [1,3] = [2,3]: rows plus columns.
	got := runModel(t, arithModel(opAdd, []int32{2, 1}, []int32{1, 3}, []int32{2, 3}, optNone),
		[]float32{10, 20}, []float32{1, 2, 3})
	assertClose(t, got, []float32{11, 12, 13, 21, 22, 23}, 0)
}

func TestArithRejectsBadBroadcast(t *testing.T) {
	_, err := LoadModel(arithModel(opAdd, []int32{2, 3}, []int32{1, 2}, []int32{2, 3}, optNone))
	if err == nil {
		t.Fatal("loaded ADD of [2,3] and [1,2]")
	}
}
