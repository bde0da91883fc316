//go:build amd64 && !purego

package tflite

// hasAVX2 reports whether the CPU and OS support AVX2 and FMA, which the
// assembly kernels use. It is set once at start-up and never changed.
var hasAVX2 = detectAVX2()

func detectAVX2() bool {
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&fma == 0 || c1&osxsave == 0 || c1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // OS saves XMM and YMM state
		return false
	}
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}

func cpuid(eax, ecx uint32) (a, b, c, d uint32)

func xgetbv() (eax, edx uint32)

// gemm8x8 computes rows (a multiple of 8) rows of one 8-channel block:
// out[r*ldo+j] = act(bias[j] + sum_i in[r*ldi+i] * w[i*8+j]), for j < 8,
// where act is an asmAct value.
//
//go:noescape
func gemm8x8(in *float32, ldi, k int, w, bias, out *float32, ldo, rows, act int)

// depthwise8 computes n (a multiple of 8) output pixels of one 8-channel
// block of a depthwise convolution over a padded input; all strides and
// offsets are in bytes. See simd_amd64.s.
//
//go:noescape
func depthwise8(in *float32, pixStep int, taps *int, ntaps int, w *float32, wStep int, bias, out *float32, n, act int)
