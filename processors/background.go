package processors

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
)

// background is a virtual background image, kept as full-resolution Y,
// Cb and Cr planes, and its copy resized to cover the last frame size.
type background struct {
	w, h      int
	y, cb, cr []uint8
	cache     sized
}

// sized is a background resized to one frame size, as I420 planes with
// tight strides, and optionally its blurred copy for light wrap.
type sized struct {
	fw, fh, cw, ch int
	y, u, v        []uint8
	wy, wu, wv     []uint8
}

// newBackground converts img to YCbCr planes (JFIF, as image/color does).
func newBackground(img image.Image) (*background, error) {
	if img == nil {
		return nil, nil
	}
	r := img.Bounds()
	if r.Empty() {
		return nil, fmt.Errorf("set background: %w", ErrBadImage)
	}
	w, h := r.Dx(), r.Dy()
	b := &background{w: w, h: h, y: make([]uint8, w*h), cb: make([]uint8, w*h), cr: make([]uint8, w*h)}
	if src, ok := img.(*image.YCbCr); ok {
		for y := range h {
			for x := range w {
				i := y*w + x
				b.y[i] = src.Y[src.YOffset(r.Min.X+x, r.Min.Y+y)]
				ci := src.COffset(r.Min.X+x, r.Min.Y+y)
				b.cb[i], b.cr[i] = src.Cb[ci], src.Cr[ci]
			}
		}
		return b, nil
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Rect, img, r.Min, draw.Src)
	for i := range w * h {
		p := rgba.Pix[i*4 : i*4+4]
		// Transparent areas show as black, as the web SDK's canvas does.
		b.y[i], b.cb[i], b.cr[i] = color.RGBToYCbCr(p[0], p[1], p[2])
	}
	return b, nil
}

// prepare returns the background resized to cover fw x fh, computing it
// only when the size (or the need for the light wrap copy) is new.
func (b *background) prepare(fw, fh int, wrap bool) *sized {
	s := &b.cache
	if s.fw != fw || s.fh != fh {
		cw, ch := ceilDiv(fw, 2), ceilDiv(fh, 2)
		*s = sized{fw: fw, fh: fh, cw: cw, ch: ch}
		crop := coverCrop(b.w, b.h, fw, fh)
		s.y = resample(b.y, b.w, b.h, crop, fw, fh)
		s.u = resample(b.cb, b.w, b.h, crop, cw, ch)
		s.v = resample(b.cr, b.w, b.h, crop, cw, ch)
	}
	if wrap && s.wy == nil {
		// The wrapped light comes from the background's surroundings
		// of the edge: a wide blur, a fortieth of the frame.
		sigma := float64(max(fw, fh)) / 40
		s.wy = blurred(s.y, fw, fh, sigma)
		s.wu = blurred(s.u, s.cw, s.ch, sigma/2)
		s.wv = blurred(s.v, s.cw, s.ch, sigma/2)
	}
	return s
}

// coverCrop returns the centred part of a w x h image that has the aspect
// ratio of fw x fh, as x0, y0, width, height in source pixels.
func coverCrop(w, h, fw, fh int) [4]float64 {
	scale := max(float64(fw)/float64(w), float64(fh)/float64(h))
	cw, ch := float64(fw)/scale, float64(fh)/scale
	return [4]float64{(float64(w) - cw) / 2, (float64(h) - ch) / 2, cw, ch}
}

// blurred returns a Gaussian-blurred copy of a w x h plane.
func blurred(p []uint8, w, h int, sigma float64) []uint8 {
	f := make([]float32, w*h)
	for i, v := range p {
		f[i] = float32(v)
	}
	radii := gaussBoxes(sigma)
	row, acc, win := make([]float32, boxScratch(w)), make([]float32, w), make([]float32, (2*radii[2]+2)*w)
	for _, r := range radii {
		boxH(f, w, h, r, row)
		boxV(f, w, h, r, acc, win)
	}
	out := make([]uint8, w*h)
	for i, v := range f {
		out[i] = uint8(min(max(v+0.5, 0), 255))
	}
	return out
}
