package tflite

import (
	"fmt"
	"testing"
)

func depthwiseModel(h, w, c, oh, ow, k int, filter, bias []float32, opts fbTable) []byte {
	return buildModel([]testTensor{
		{name: "in", shape: shape4(h, w, c)},
		{name: "filter", shape: []int32{1, int32(k), int32(k), int32(c)}, data: f32bytes(filter...)},
		{name: "bias", shape: []int32{int32(c)}, data: f32bytes(bias...)},
		{name: "out", shape: shape4(oh, ow, c)},
	}, []int32{0}, []int32{3}, []testOp{{code: opDepthwiseConv2D, inputs: []int32{0, 1, 2}, outputs: []int32{3}, options: opts}})
}

func TestDepthwiseSame(t *testing.T) {
	// Channel 0: 3x3 box sum of 1..9 with zero padding.
	// Channel 1: centre tap 2, so twice the input, plus bias 1.
	filter := make([]float32, 9*2)
	for tap := 0; tap < 9; tap++ {
		filter[tap*2] = 1
	}
	filter[4*2+1] = 2
	in := make([]float32, 18)
	for i := 0; i < 9; i++ {
		in[i*2], in[i*2+1] = float32(i+1), float32(-i)
	}
	got := runModel(t, depthwiseModel(3, 3, 2, 3, 3, 3, filter, []float32{0, 1}, depthwiseOptions(paddingSame, 1, optNone, 1)), in)
	want := []float32{12, 1, 21, -1, 16, -3, 27, -5, 45, -7, 33, -9, 24, -11, 39, -13, 28, -15}
	assertClose(t, got, want, 0)
}

// TestDepthwiseMatchesReference covers the assembly kernel's padded input,
// strides, dilation, 5x5 taps and rows whose width is not a multiple of 8.
func TestDepthwiseMatchesReference(t *testing.T) {
	cases := []struct {
		h, w, c, k  int
		stride, dil int32
		padding     uint8
		act         uint8
	}{
		{16, 16, 16, 3, 1, 1, paddingSame, optRelu},
		{17, 13, 24, 3, 2, 1, paddingSame, optNone},
		{9, 16, 8, 5, 1, 1, paddingSame, optRelu6},
		{12, 20, 16, 5, 2, 1, paddingSame, optNone},
		{10, 12, 8, 3, 1, 2, paddingSame, optRelu},
		{11, 11, 5, 3, 1, 1, paddingValid, optNone},
	}
	for i, tc := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			geo, err := newWindow(tc.h, tc.w, tc.k, tc.k, tc.padding, tc.stride, tc.stride, tc.dil, tc.dil)
			if err != nil {
				t.Fatal(err)
			}
			in := randomValues(4, tc.h*tc.w*tc.c)
			filter := randomValues(5, tc.k*tc.k*tc.c)
			bias := randomValues(6, tc.c)
			got := runModel(t, depthwiseModel(tc.h, tc.w, tc.c, geo.oh, geo.ow, tc.k, filter, bias,
				depthwiseOptions(tc.padding, tc.stride, tc.act, tc.dil)), in)
			want := make([]float32, geo.oh*geo.ow*tc.c)
			for oy := 0; oy < geo.oh; oy++ {
				for ox := 0; ox < geo.ow; ox++ {
					for ch := 0; ch < tc.c; ch++ {
						s := bias[ch]
						for ky := 0; ky < tc.k; ky++ {
							for kx := 0; kx < tc.k; kx++ {
								iy := oy*geo.sh - geo.padT + ky*geo.dh
								ix := ox*geo.sw - geo.padL + kx*geo.dw
								if iy >= 0 && iy < tc.h && ix >= 0 && ix < tc.w {
									s += in[(iy*tc.w+ix)*tc.c+ch] * filter[(ky*tc.k+kx)*tc.c+ch]
								}
							}
						}
						want[(oy*geo.ow+ox)*tc.c+ch] = refActivation(tc.act, s)
					}
				}
			}
			assertClose(t, got, want, 1e-5)
		})
	}
}
