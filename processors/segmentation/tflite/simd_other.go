//go:build !amd64 || purego

package tflite

import "unsafe"

// hasAVX2 is false where there are no assembly kernels.
const hasAVX2 = false

// gemm8x8 is never called without hasAVX2; it computes the same result as
// the assembly version in plain Go so the code path still type-checks.
func gemm8x8(in *float32, ldi, k int, w, bias, out *float32, ldo, rows, _ int) {
	a := unsafe.Slice(in, (rows-1)*ldi+k)
	o := unsafe.Slice(out, (rows-1)*ldo+gemmBlock)
	ws := unsafe.Slice(w, k*gemmBlock)
	b := unsafe.Slice(bias, gemmBlock)
	for r := 0; r < rows; r++ {
		gemmRow(a[r*ldi:r*ldi+k], ws, b, o[r*ldo:r*ldo+gemmBlock])
	}
}

// depthwise8 is never called without hasAVX2.
func depthwise8(in *float32, pixStep int, taps *int, ntaps int, w *float32, wStep int, bias, out *float32, n, act int) {
	panic("tflite: depthwise8 without assembly")
}
