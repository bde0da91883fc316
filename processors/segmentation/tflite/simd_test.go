package tflite

import (
	"math"
	"testing"
)

// TestSIMDMatchesGeneric runs each real model with the assembly kernels and
// with the portable Go ones and requires the same masks, up to rounding.
func TestSIMDMatchesGeneric(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no assembly kernels on this CPU or build")
	}
	for _, name := range modelFiles {
		t.Run(name, func(t *testing.T) {
			m, err := LoadModel(readModel(t, name))
			if err != nil {
				t.Fatal(err)
			}
			fast, slow := NewInterpreter(m), NewInterpreter(m, withGenericKernels())
			defer fast.Close()
			defer slow.Close()
			fillPattern(fast.Input(0).Data)
			fillPattern(slow.Input(0).Data)
			if err := fast.Run(); err != nil {
				t.Fatal(err)
			}
			if err := slow.Run(); err != nil {
				t.Fatal(err)
			}
			a, b := fast.Output(0).Data, slow.Output(0).Data
			var worst float64
			for i := range a {
				worst = math.Max(worst, math.Abs(float64(a[i]-b[i])))
			}
			if worst > 1e-4 {
				t.Errorf("largest difference %g between assembly and Go kernels", worst)
			}
		})
	}
}
