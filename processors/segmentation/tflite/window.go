package tflite

import "fmt"

// window is the geometry of a sliding-window operator: output size and
// the padding before the first row and column, as TFLite computes them.
type window struct {
	oh, ow     int
	sh, sw     int
	dh, dw     int
	padT, padL int
}

func newWindow(h, w, kh, kw int, padding uint8, sh, sw, dh, dw int32) (window, error) {
	if sh < 1 || sw < 1 || dh < 1 || dw < 1 || sh > maxStride || sw > maxStride || dh > maxStride || dw > maxStride {
		return window{}, fmt.Errorf("%w: stride %dx%d dilation %dx%d", ErrInvalid, sh, sw, dh, dw)
	}
	g := window{sh: int(sh), sw: int(sw), dh: int(dh), dw: int(dw)}
	var err error
	g.oh, g.padT, err = windowAxis(h, kh, g.sh, g.dh, padding)
	if err != nil {
		return window{}, err
	}
	g.ow, g.padL, err = windowAxis(w, kw, g.sw, g.dw, padding)
	return g, err
}

func windowAxis(size, k, stride, dilation int, padding uint8) (out, pad int, err error) {
	eff := (k-1)*dilation + 1
	switch padding {
	case paddingSame:
		out = (size + stride - 1) / stride
	case paddingValid:
		out = (size - eff + stride) / stride
	default:
		return 0, 0, fmt.Errorf("%w: padding %d", ErrUnsupported, padding)
	}
	if out < 1 {
		return 0, 0, fmt.Errorf("%w: window %d does not fit input %d", ErrInvalid, eff, size)
	}
	pad = max(0, ((out-1)*stride+eff-size)/2)
	return out, pad, nil
}

// maxStride bounds strides and dilations read from a model.
const maxStride = 4096
