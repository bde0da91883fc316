package tflite

import (
	"encoding/binary"
	"fmt"
)

// TfLitePadding values in the custom options of Convolution2DTransposeBias.
const (
	customPaddingSame  = 1
	customPaddingValid = 2
)

// transposeConv is MediaPipe's Convolution2DTransposeBias: a transposed
// convolution with bias. Its custom options are three little-endian int32:
// padding (1 SAME, 2 VALID), stride width, stride height. When the stride
// equals the kernel size and there is no padding, as in the selfie
// models' 2x2 stride-2 upsampling, every output pixel gets exactly one
// input pixel's contribution, so the kernel is a matrix product per input
// pixel whose kh*kw*oc results are scattered to their output pixels.
type transposeConv struct {
	in, out    int
	h, w, c    int
	oh, ow, oc int
	kh, kw     int
	sh, sw     int
	padT, padL int
	filter     []float32 // [oc][kh][kw][c], as stored
	bias       []float32
	g          *packedGemm // [ky][kx][o] outputs per input pixel; nil unless non-overlapping
	epi        epilogue
}

func (b *builder) transposeConvBias(op rawOperator, ins, outs []int) (kernel, error) {
	if err := arity(ins, outs, 3, 3, 1); err != nil {
		return nil, err
	}
	if len(op.custom) != 12 {
		return nil, fmt.Errorf("%w: %d bytes of custom options, want 12", ErrInvalid, len(op.custom))
	}
	padding := int32(binary.LittleEndian.Uint32(op.custom[0:]))
	sw := int32(binary.LittleEndian.Uint32(op.custom[4:]))
	sh := int32(binary.LittleEndian.Uint32(op.custom[8:]))
	if padding != customPaddingSame && padding != customPaddingValid {
		return nil, fmt.Errorf("%w: padding %d", ErrUnsupported, padding)
	}
	if sh < 1 || sw < 1 || sh > maxStride || sw > maxStride {
		return nil, fmt.Errorf("%w: stride %dx%d", ErrInvalid, sh, sw)
	}
	h, w, c, err := b.imageInput(ins[0])
	if err != nil {
		return nil, err
	}
	fs := &b.tensors[ins[1]]
	if len(fs.shape) != 4 || fs.shape[3] != c {
		return nil, fmt.Errorf("%w: filter shape %v for %d input channels", ErrInvalid, fs.shape, c)
	}
	oc, kh, kw := fs.shape[0], fs.shape[1], fs.shape[2]
	filter, err := b.constFloat(ins[1], oc*kh*kw*c)
	if err != nil {
		return nil, err
	}
	bias, err := b.constFloat(ins[2], oc)
	if err != nil {
		return nil, err
	}
	k := &transposeConv{in: ins[0], out: outs[0], h: h, w: w, c: c, oc: oc, kh: kh, kw: kw,
		sh: int(sh), sw: int(sw), filter: filter, bias: bias, epi: epilogue{residual: -1}}
	padH, padW := 0, 0
	if padding == customPaddingSame {
		padH = max(0, kh-(h-1)%k.sh-1)
		padW = max(0, kw-(w-1)%k.sw-1)
	}
	k.oh, k.ow = k.sh*(h-1)+kh-padH, k.sw*(w-1)+kw-padW
	k.padT, k.padL = padH/2, padW/2
	if err := wantShape(&b.tensors[outs[0]], 1, k.oh, k.ow, oc); err != nil {
		return nil, err
	}
	if kh == k.sh && kw == k.sw && padH == 0 && padW == 0 {
		k.g = packTransposed(filter, oc, kh, kw, c)
	}
	return k, nil
}

// packTransposed packs the filter so that one matrix product gives, for an
// input pixel, its contributions to all kh*kw*oc outputs, ordered [ky][kx][o].
func packTransposed(filter []float32, oc, kh, kw, c int) *packedGemm {
	n := kh * kw * oc
	w := make([]float32, n*c)
	for o := 0; o < oc; o++ {
		for ky := 0; ky < kh; ky++ {
			for kx := 0; kx < kw; kx++ {
				j := (ky*kw+kx)*oc + o
				copy(w[j*c:(j+1)*c], filter[((o*kh+ky)*kw+kx)*c:])
			}
		}
	}
	return packGemm(w, n, c, nil)
}

func (k *transposeConv) work() int { return k.h * k.w * k.c * k.kh * k.kw * k.oc }

func (k *transposeConv) run(e *exec) {
	if k.g == nil {
		k.runReference(e)
		return
	}
	e.parallel(k.h, k.w*k.c*k.g.n, k)
}

func (k *transposeConv) scratchSize() int {
	if k.g == nil {
		return 0
	}
	return k.w * k.ldo()
}

// ldo is the row stride of the matrix product's results: the outputs
// padded to whole 8-channel blocks, which the assembly kernel stores.
func (k *transposeConv) ldo() int {
	return (k.g.n + gemmBlock - 1) / gemmBlock * gemmBlock
}

func (k *transposeConv) fusion() *epilogue { return &k.epi }

func (k *transposeConv) output() int { return k.out }

func (k *transposeConv) setOutput(t int) { k.out = t }

// runRange computes the output rows fed by input rows [lo, hi).
func (k *transposeConv) runRange(e *exec, w, lo, hi int) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	n := k.ldo()
	res := e.scratch[w][:k.w*n]
	rowLen := k.ow * k.oc
	for iy := lo; iy < hi; iy++ {
		k.g.gemmRows(e.simd, in[iy*k.w*k.c:(iy+1)*k.w*k.c], k.c, res, n, k.w, actNone)
		for ky := 0; ky < k.kh; ky++ {
			oy := iy*k.sh + ky
			dst := out[oy*rowLen : (oy+1)*rowLen]
			for ix := 0; ix < k.w; ix++ {
				for kx := 0; kx < k.kw; kx++ {
					ox := ix*k.sw + kx
					src := res[ix*n+(ky*k.kw+kx)*k.oc:]
					for o := 0; o < k.oc; o++ {
						dst[ox*k.oc+o] = src[o] + k.bias[o]
					}
				}
			}
			k.epi.apply(e, dst, oy*rowLen)
		}
	}
}

// runReference is MediaPipe's reference algorithm: start from the bias and
// scatter-add every input pixel's products into the outputs it reaches.
func (k *transposeConv) runReference(e *exec) {
	in, out := e.bufs[k.in], e.bufs[k.out]
	for p := 0; p < k.oh*k.ow; p++ {
		copy(out[p*k.oc:(p+1)*k.oc], k.bias)
	}
	for iy := 0; iy < k.h; iy++ {
		for ix := 0; ix < k.w; ix++ {
			x := in[(iy*k.w+ix)*k.c : (iy*k.w+ix+1)*k.c]
			for ky := 0; ky < k.kh; ky++ {
				oy := iy*k.sh - k.padT + ky
				if oy < 0 || oy >= k.oh {
					continue
				}
				for kx := 0; kx < k.kw; kx++ {
					ox := ix*k.sw - k.padL + kx
					if ox < 0 || ox >= k.ow {
						continue
					}
					for o := 0; o < k.oc; o++ {
						f := k.filter[((o*k.kh+ky)*k.kw+kx)*k.c:][:k.c]
						var s float32
						for i, v := range x {
							s += v * f[i]
						}
						out[(oy*k.ow+ox)*k.oc+o] += s
					}
				}
			}
		}
	}
	for oy := 0; oy < k.oh; oy++ {
		row := out[oy*k.ow*k.oc : (oy+1)*k.ow*k.oc]
		k.epi.apply(e, row, oy*k.ow*k.oc)
	}
}
