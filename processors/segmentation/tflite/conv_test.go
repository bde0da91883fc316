package tflite

import (
	"fmt"
	"testing"
)

// convModel is one CONV_2D: input 0, filter 1, bias 2, output 3.
func convModel(h, w, c, oh, ow, oc, k int, filter, bias []float32, opts fbTable) []byte {
	return buildModel([]testTensor{
		{name: "in", shape: shape4(h, w, c)},
		{name: "filter", shape: []int32{int32(oc), int32(k), int32(k), int32(c)}, data: f32bytes(filter...)},
		{name: "bias", shape: []int32{int32(oc)}, data: f32bytes(bias...)},
		{name: "out", shape: shape4(oh, ow, oc)},
	}, []int32{0}, []int32{3}, []testOp{{code: opConv2D, inputs: []int32{0, 1, 2}, outputs: []int32{3}, options: opts}})
}

func TestConv2DValid(t *testing.T) {
	// 1 2 3        1 0      1+5 2+6      6  8   + bias 1
	// 4 5 6   (*)  0 1  =   4+8 5+9  =  12 14
	// 7 8 9
	got := runModel(t, convModel(3, 3, 1, 2, 2, 1, 2, []float32{1, 0, 0, 1}, []float32{1}, convOptions(paddingValid, 1, optNone)), seq(9))
	assertClose(t, got, []float32{7, 9, 13, 15}, 0)
}

func TestConv2DSameStride2Relu(t *testing.T) {
	// A 3x3 box filter, SAME, stride 2, on 1..9: output 2x2 with one row
	// and column of zero padding before: windows sum 1+2+4+5=12,
	// 2+3+5+6=16, 4+5+7+8=24, 5+6+8+9=28. Bias -13, then ReLU.
	ones := []float32{1, 1, 1, 1, 1, 1, 1, 1, 1}
	got := runModel(t, convModel(3, 3, 1, 2, 2, 1, 3, ones, []float32{-13}, convOptions(paddingSame, 2, optRelu)), seq(9))
	assertClose(t, got, []float32{0, 3, 11, 15}, 0)
}

func TestConv2DPointwiseChannels(t *testing.T) {
	// 1x1 convolution: out[o] = sum_i w[o][i] * in[i] + bias[o].
	w := []float32{1, 0, 0, 1, 1, 1} // outputs: in0, in1, in0+in1
	got := runModel(t, convModel(1, 2, 2, 1, 2, 3, 1, w, []float32{0, 0, 10}, convOptions(paddingValid, 1, optNone)),
		[]float32{1, 2, 3, 4})
	assertClose(t, got, []float32{1, 2, 13, 3, 4, 17}, 0)
}

// TestConv2DMatchesReference checks the blocked and assembly paths against
// a direct loop over shapes with partial blocks and remainder rows.
func TestConv2DMatchesReference(t *testing.T) {
	cases := []struct {
		h, w, c, oc, k int
		stride         int32
		padding        uint8
		act            uint8
	}{
		{16, 16, 16, 16, 1, 1, paddingValid, optRelu},
		{5, 7, 24, 20, 1, 1, paddingValid, optNone},
		{9, 11, 3, 16, 3, 2, paddingSame, optRelu6},
		{8, 8, 5, 9, 3, 1, paddingSame, optNone},
		{10, 6, 4, 8, 2, 2, paddingValid, optRelu},
	}
	for i, tc := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			geo, err := newWindow(tc.h, tc.w, tc.k, tc.k, tc.padding, tc.stride, tc.stride, 1, 1)
			if err != nil {
				t.Fatal(err)
			}
			in := randomValues(1, tc.h*tc.w*tc.c)
			filter := randomValues(2, tc.oc*tc.k*tc.k*tc.c)
			bias := randomValues(3, tc.oc)
			got := runModel(t, convModel(tc.h, tc.w, tc.c, geo.oh, geo.ow, tc.oc, tc.k, filter, bias,
				convOptions(tc.padding, tc.stride, tc.act)), in)
			want := make([]float32, geo.oh*geo.ow*tc.oc)
			for oy := 0; oy < geo.oh; oy++ {
				for ox := 0; ox < geo.ow; ox++ {
					for o := 0; o < tc.oc; o++ {
						s := bias[o]
						for ky := 0; ky < tc.k; ky++ {
							for kx := 0; kx < tc.k; kx++ {
								iy, ix := oy*geo.sh-geo.padT+ky, ox*geo.sw-geo.padL+kx
								if iy < 0 || iy >= tc.h || ix < 0 || ix >= tc.w {
									continue
								}
								for i := 0; i < tc.c; i++ {
									s += in[(iy*tc.w+ix)*tc.c+i] * filter[((o*tc.k+ky)*tc.k+kx)*tc.c+i]
								}
							}
						}
						want[(oy*geo.ow+ox)*tc.oc+o] = refActivation(tc.act, s)
					}
				}
			}
			assertClose(t, got, want, 1e-5)
		})
	}
}

func refActivation(act uint8, v float32) float32 {
	switch act {
	case optRelu:
		return max(v, 0)
	case optRelu6:
		return min(max(v, 0), 6)
	}
	return v
}
