package tflite

import (
	"fmt"
	"math"
)

// activation is an elementwise function applied to an operator's result,
// either fused by the converter or folded in from a following operator.
type activation uint8

const (
	actNone activation = iota
	actRelu
	actRelu6
	actReluN1To1
	actHardSwish
	actSigmoid
)

// fusedActivation converts a builtin option's ActivationFunctionType.
func fusedActivation(v uint8) (activation, error) {
	switch v {
	case 0:
		return actNone, nil
	case 1:
		return actRelu, nil
	case 2:
		return actReluN1To1, nil
	case 3:
		return actRelu6, nil
	}
	return actNone, fmt.Errorf("%w: fused activation %d", ErrUnsupported, v)
}

// apply applies the activation in place.
func (a activation) apply(x []float32) {
	switch a {
	case actRelu:
		for i, v := range x {
			x[i] = max(v, 0)
		}
	case actRelu6:
		for i, v := range x {
			x[i] = min(max(v, 0), 6)
		}
	case actReluN1To1:
		for i, v := range x {
			x[i] = min(max(v, -1), 1)
		}
	case actHardSwish:
		for i, v := range x {
			x[i] = v * min(max(v+3, 0), 6) * (1.0 / 6)
		}
	case actSigmoid:
		for i, v := range x {
			x[i] = sigmoid(v)
		}
	}
}

// applyTo writes the activation of src into dst, which has src's length.
func (a activation) applyTo(dst, src []float32) {
	copy(dst, src)
	a.apply(dst)
}

func sigmoid(v float32) float32 {
	return 1 / (1 + expf(-v))
}

// expf is a float32 exp accurate to a few ulp (Cephes' polynomial), several
// times faster than math.Exp; sigmoid runs on every output pixel.
func expf(x float32) float32 {
	x = min(max(x, -87), 88)
	// n = round(x / ln 2), so that x = n ln 2 + r with |r| <= ln 2 / 2.
	t := x * math.Log2E
	if t < 0 {
		t -= 0.5
	} else {
		t += 0.5
	}
	n := int32(t)
	fn := float32(n)
	r := x - fn*0.693359375 + fn*2.12194440e-4
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*r*r + r + 1
	return y * math.Float32frombits(uint32(n+127)<<23)
}
