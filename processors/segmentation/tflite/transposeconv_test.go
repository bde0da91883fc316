package tflite

import (
	"encoding/binary"
	"strings"
	"testing"
)

// transposeOptions encodes the custom options: padding, stride w, stride h.
func transposeOptions(padding, sw, sh int32) []byte {
	b := make([]byte, 12)
	binary.LittleEndian.PutUint32(b[0:], uint32(padding))
	binary.LittleEndian.PutUint32(b[4:], uint32(sw))
	binary.LittleEndian.PutUint32(b[8:], uint32(sh))
	return b
}

func transposeModel(h, w, c, oh, ow, oc, kh, kw int, filter, bias []float32, opts []byte) []byte {
	return buildModel([]testTensor{
		{name: "in", shape: shape4(h, w, c)},
		{name: "filter", shape: []int32{int32(oc), int32(kh), int32(kw), int32(c)}, data: f32bytes(filter...)},
		{name: "bias", shape: []int32{int32(oc)}, data: f32bytes(bias...)},
		{name: "out", shape: shape4(oh, ow, oc)},
	}, []int32{0}, []int32{3}, []testOp{{code: opCustom, custom: customTransposeConvBias,
		inputs: []int32{0, 1, 2}, outputs: []int32{3}, raw: opts}})
}

func TestTransposeConv2x2Stride2(t *testing.T) {
	// Each input pixel v becomes the 2x2 block v*[1 2; 3 4] + 0.5.
	got := runModel(t, transposeModel(2, 2, 1, 4, 4, 1, 2, 2, []float32{1, 2, 3, 4}, []float32{0.5},
		transposeOptions(customPaddingSame, 2, 2)), []float32{1, 2, 3, 4})
	want := []float32{
		1.5, 2.5, 2.5, 4.5,
		3.5, 4.5, 6.5, 8.5,
		3.5, 6.5, 4.5, 8.5,
		9.5, 12.5, 12.5, 16.5,
	}
	assertClose(t, got, want, 0)
}

func TestTransposeConvChannels(t *testing.T) {
	// One input pixel with channels (1, 2); two output channels whose
	// filters sum the input channels with weights (1, 10) and (100, 1000),
	// the same at every tap. (SAME padding would crop a 1x1 input's output
	// to 1x1, so this uses VALID.)
	filter := make([]float32, 2*2*2*2)
	for tap := 0; tap < 4; tap++ {
		filter[tap*2], filter[tap*2+1] = 1, 10
		filter[8+tap*2], filter[8+tap*2+1] = 100, 1000
	}
	got := runModel(t, transposeModel(1, 1, 2, 2, 2, 2, 2, 2, filter, []float32{1, 2},
		transposeOptions(customPaddingValid, 2, 2)), []float32{1, 2})
	assertClose(t, got, []float32{22, 2102, 22, 2102, 22, 2102, 22, 2102}, 0)
}

func TestTransposeConvOverlapping(t *testing.T) {
	// Kernel 1x3, stride 2 horizontally: the taps of neighbouring inputs
	// overlap. Inputs 1 and 2 give [1 10 100] at x=0 and [2 20 200] at x=2;
	// VALID keeps all 5 outputs, SAME drops one (padding 1, offset 0).
	filter := []float32{1, 10, 100}
	got := runModel(t, transposeModel(1, 2, 1, 1, 5, 1, 1, 3, filter, []float32{0},
		transposeOptions(customPaddingValid, 2, 1)), []float32{1, 2})
	assertClose(t, got, []float32{1, 10, 102, 20, 200}, 0)
	got = runModel(t, transposeModel(1, 2, 1, 1, 4, 1, 1, 3, filter, []float32{0},
		transposeOptions(customPaddingSame, 2, 1)), []float32{1, 2})
	assertClose(t, got, []float32{1, 10, 102, 20}, 0)
}

func TestTransposeConvMatchesReference(t *testing.T) {
	// The selfie models' shape, scaled down: 16 channels to 1, 2x2 stride 2.
	const h, w, c = 6, 10, 16
	in, filter := randomValues(7, h*w*c), randomValues(8, 4*c)
	got := runModel(t, transposeModel(h, w, c, 2*h, 2*w, 1, 2, 2, filter, []float32{0.25},
		transposeOptions(customPaddingSame, 2, 2)), in)
	want := make([]float32, 4*h*w)
	for y := 0; y < 2*h; y++ {
		for x := 0; x < 2*w; x++ {
			s := float32(0.25)
			for i := 0; i < c; i++ {
				s += in[((y/2)*w+x/2)*c+i] * filter[((y%2)*2+x%2)*c+i]
			}
			want[y*2*w+x] = s
		}
	}
	assertClose(t, got, want, 1e-5)
}

func TestTransposeConvBadOptions(t *testing.T) {
	data := transposeModel(1, 1, 1, 2, 2, 1, 2, 2, []float32{1, 2, 3, 4}, []float32{0}, []byte{1, 0, 0})
	_, err := LoadModel(data)
	if err == nil || !strings.Contains(err.Error(), "custom options") {
		t.Fatalf("LoadModel with 3 bytes of options: %v", err)
	}
}
