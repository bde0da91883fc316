package tflite

import "testing"

func meanModel(in, out []int32, axes []int32, keep uint8) []byte {
	return buildModel([]testTensor{
		{name: "in", shape: in},
		{name: "axes", shape: []int32{int32(len(axes))}, typ: typeInt32, data: i32bytes(axes...)},
		{name: "out", shape: out},
	}, []int32{0}, []int32{2}, []testOp{{code: opMean, inputs: []int32{0, 1}, outputs: []int32{2}, options: fbTable{keep}}})
}

func TestMean(t *testing.T) {
	in := []float32{1, 10, 2, 20, 3, 30, 4, 40} // 2x2 pixels, 2 channels
	got := runModel(t, meanModel(shape4(2, 2, 2), shape4(1, 1, 2), []int32{1, 2}, 1), in)
	assertClose(t, got, []float32{2.5, 25}, 1e-6)
	got = runModel(t, meanModel(shape4(2, 2, 2), []int32{1, 2}, []int32{1, 2}, 0), in)
	assertClose(t, got, []float32{2.5, 25}, 1e-6)
	got = runModel(t, meanModel(shape4(2, 2, 2), shape4(2, 2, 1), []int32{-1}, 1), in)
	assertClose(t, got, []float32{5.5, 11, 16.5, 22}, 1e-6)
}

func TestMeanRejectsWrongShape(t *testing.T) {
	if _, err := LoadModel(meanModel(shape4(2, 2, 2), shape4(1, 1, 3), []int32{1, 2}, 1)); err == nil {
		t.Fatal("loaded MEAN with a wrong output shape")
	}
}
