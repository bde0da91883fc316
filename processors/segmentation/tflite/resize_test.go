package tflite

import "testing"

func resizeModel(h, w, oh, ow int, align, half uint8) []byte {
	return buildModel([]testTensor{
		{name: "in", shape: shape4(h, w, 1)},
		{name: "size", shape: []int32{2}, typ: typeInt32, data: i32bytes(int32(oh), int32(ow))},
		{name: "out", shape: shape4(oh, ow, 1)},
	}, []int32{0}, []int32{2}, []testOp{{code: opResizeBilinear, inputs: []int32{0, 1}, outputs: []int32{2},
		options: fbTable{nil, nil, align, half}}})
}

func TestResizeBilinearHalfPixel(t *testing.T) {
	// Source positions per axis: -0.25, 0.25, 0.75, 1.25, clamped at the
	// edges, so weights are [r0, .75r0+.25r1, .25r0+.75r1, r1].
	got := runModel(t, resizeModel(2, 2, 4, 4, 0, 1), []float32{0, 1, 2, 3})
	want := []float32{
		0, 0.25, 0.75, 1,
		0.5, 0.75, 1.25, 1.5,
		1.5, 1.75, 2.25, 2.5,
		2, 2.25, 2.75, 3,
	}
	assertClose(t, got, want, 1e-6)
}

func TestResizeBilinearAlignCorners(t *testing.T) {
	got := runModel(t, resizeModel(2, 2, 3, 3, 1, 0), []float32{0, 1, 2, 3})
	assertClose(t, got, []float32{0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3}, 1e-6)
}

func TestResizeBilinearDefault(t *testing.T) {
	// Source positions 0, 0.5, 1, 1.5 (the last clamped to 1).
	got := runModel(t, resizeModel(2, 2, 4, 4, 0, 0), []float32{0, 1, 2, 3})
	want := []float32{
		0, 0.5, 1, 1,
		1, 1.5, 2, 2,
		2, 2.5, 3, 3,
		2, 2.5, 3, 3,
	}
	assertClose(t, got, want, 1e-6)
}
