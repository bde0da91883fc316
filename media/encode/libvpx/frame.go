package libvpx

import (
	"fmt"
	"image"
)

// planes is an I420 frame's visible picture: each slice starts at the
// top-left pixel of its plane.
type planes struct {
	w, h             int
	y, u, v          []byte
	yStride, cStride int
}

// planesOf checks that frame is I420 of a size lkbot encodes, with planes
// long enough for its strides, so that libvpx never reads past Go memory.
func planesOf(frame *image.YCbCr) (planes, error) {
	if frame == nil {
		return planes{}, fmt.Errorf("%w: nil frame", ErrBadFrame)
	}
	if frame.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return planes{}, fmt.Errorf("%w: subsampling %v, want 4:2:0 (I420)", ErrBadFrame, frame.SubsampleRatio)
	}
	r := frame.Rect
	w, h := r.Dx(), r.Dy()
	if err := checkSize(w, h); err != nil {
		return planes{}, err
	}
	if r.Min.X%2 != 0 || r.Min.Y%2 != 0 {
		return planes{}, fmt.Errorf("%w: picture starts at odd %v; chroma would be misaligned", ErrBadFrame, r.Min)
	}
	cw, ch := w/2, h/2
	p := planes{w: w, h: h, yStride: frame.YStride, cStride: frame.CStride}
	var err error
	if p.y, err = plane("Y", frame.Y, frame.YOffset(r.Min.X, r.Min.Y), frame.YStride, w, h); err != nil {
		return planes{}, err
	}
	c := frame.COffset(r.Min.X, r.Min.Y)
	if p.u, err = plane("Cb", frame.Cb, c, frame.CStride, cw, ch); err != nil {
		return planes{}, err
	}
	if p.v, err = plane("Cr", frame.Cr, c, frame.CStride, cw, ch); err != nil {
		return planes{}, err
	}
	return p, nil
}

// plane returns buf from offset on, after checking that it holds rows of
// w bytes stride apart.
func plane(name string, buf []byte, offset, stride, w, h int) ([]byte, error) {
	if stride < w {
		return nil, fmt.Errorf("%w: %s stride %d is narrower than the picture (%d)", ErrBadFrame, name, stride, w)
	}
	if need := offset + (h-1)*stride + w; offset < 0 || len(buf) < need {
		return nil, fmt.Errorf("%w: %s plane has %d bytes, want %d for %d rows of %d, stride %d", ErrBadFrame, name, len(buf), need, h, w, stride)
	}
	return buf[offset:], nil
}
