package tflite

import "testing"

func poolModel(h, w, oh, ow int, opts fbTable) []byte {
	return buildModel([]testTensor{{name: "in", shape: shape4(h, w, 1)}, {name: "out", shape: shape4(oh, ow, 1)}},
		[]int32{0}, []int32{1}, []testOp{{code: opAveragePool2D, inputs: []int32{0}, outputs: []int32{1}, options: opts}})
}

func TestAveragePoolSame(t *testing.T) {
	// 2x2 windows, stride 1, SAME on 1..9: windows past the edge average
	// only the pixels they cover.
	got := runModel(t, poolModel(3, 3, 3, 3, poolOptions(paddingSame, 1, 2)), seq(9))
	want := []float32{3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9}
	assertClose(t, got, want, 1e-6)
}

func TestAveragePoolGlobal(t *testing.T) {
	got := runModel(t, poolModel(3, 3, 1, 1, poolOptions(paddingValid, 3, 3)), seq(9))
	assertClose(t, got, []float32{5}, 1e-6)
}
