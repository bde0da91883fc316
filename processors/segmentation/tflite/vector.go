package tflite

// Small loops over float32 slices that several kernels share.

// addTo sets acc[i] += x[i].
func addTo(acc, x []float32) {
	x = x[:len(acc)]
	for i := range acc {
		acc[i] += x[i]
	}
}

// scale multiplies x by f in place.
func scale(x []float32, f float32) {
	for i := range x {
		x[i] *= f
	}
}
