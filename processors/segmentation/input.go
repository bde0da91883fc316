package segmentation

import (
	"fmt"
	"image"
)

// frameSampler converts an I420 (or other subsampled YCbCr) frame into the
// model's RGB input: scaled bilinearly to the input size without keeping
// the aspect ratio, values in [0, 1]. Its per-column tables depend only on
// the frame size and are rebuilt when that changes.
type frameSampler struct {
	fw, fh, cw, ch int // frame luma and chroma sizes the tables are for
	hx, vy         int // chroma subsampling factors
	lumaX, chromaX []tap
}

// tap is a linear blend of samples i0 and i1 with weight f on i1.
type tap struct {
	i0, i1 int
	f      float32
}

func newTap(i int, s float32, n int) tap {
	i0, i1, f := sampleAxis(i, s, n)
	return tap{i0, i1, f}
}

// subsampling returns the horizontal and vertical chroma subsampling.
func subsampling(r image.YCbCrSubsampleRatio) (int, int, error) {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return 1, 1, nil
	case image.YCbCrSubsampleRatio422:
		return 2, 1, nil
	case image.YCbCrSubsampleRatio420:
		return 2, 2, nil
	case image.YCbCrSubsampleRatio440:
		return 1, 2, nil
	case image.YCbCrSubsampleRatio411:
		return 4, 1, nil
	case image.YCbCrSubsampleRatio410:
		return 4, 2, nil
	}
	return 0, 0, fmt.Errorf("%w: chroma subsampling %v", ErrBadFrame, r)
}

// checkFrame validates the frame's planes against its rectangle.
func checkFrame(f *image.YCbCr) error {
	if f == nil || f.Rect.Empty() {
		return fmt.Errorf("%w: empty frame", ErrBadFrame)
	}
	hx, vy, err := subsampling(f.SubsampleRatio)
	if err != nil {
		return err
	}
	w, h := f.Rect.Dx(), f.Rect.Dy()
	cw, ch := chromaSize(f, hx, vy)
	if f.YStride < w || f.CStride < cw || ch < 1 || len(f.Y) < (h-1)*f.YStride+w ||
		len(f.Cb) < (ch-1)*f.CStride+cw || len(f.Cr) < (ch-1)*f.CStride+cw {
		return fmt.Errorf("%w: planes too small for %dx%d", ErrBadFrame, w, h)
	}
	return nil
}

// chromaSize is the size of the chroma planes' part covered by f.Rect.
func chromaSize(f *image.YCbCr, hx, vy int) (int, int) {
	r := f.Rect
	return (r.Max.X+hx-1)/hx - r.Min.X/hx, (r.Max.Y+vy-1)/vy - r.Min.Y/vy
}

func (s *frameSampler) prepare(f *image.YCbCr, outW int) {
	hx, vy, _ := subsampling(f.SubsampleRatio)
	fw, fh := f.Rect.Dx(), f.Rect.Dy()
	cw, ch := chromaSize(f, hx, vy)
	if s.fw == fw && s.fh == fh && s.cw == cw && s.ch == ch && s.hx == hx && s.vy == vy && len(s.lumaX) == outW {
		return
	}
	*s = frameSampler{fw: fw, fh: fh, cw: cw, ch: ch, hx: hx, vy: vy,
		lumaX: make([]tap, outW), chromaX: make([]tap, outW)}
	for x := range outW {
		s.lumaX[x] = newTap(x, float32(fw)/float32(outW), fw)
		s.chromaX[x] = newTap(x, float32(cw)/float32(outW), cw)
	}
}

// sample writes the frame, scaled to outW x outH, as RGB in [0, 1] into
// dst (outH*outW*3 values, NHWC).
func (s *frameSampler) sample(f *image.YCbCr, dst []float32, outW, outH int) {
	s.prepare(f, outW)
	// Plane indices are relative to f.Rect.Min, as f.YOffset and f.COffset
	// compute them: row i of the rectangle starts at i*stride.
	for y := 0; y < outH; y++ {
		ly := newTap(y, float32(s.fh)/float32(outH), s.fh)
		cy := newTap(y, float32(s.ch)/float32(outH), s.ch)
		yr0 := f.Y[ly.i0*f.YStride:]
		yr1 := f.Y[ly.i1*f.YStride:]
		co0, co1 := cy.i0*f.CStride, cy.i1*f.CStride
		cb0, cb1, cr0, cr1 := f.Cb[co0:], f.Cb[co1:], f.Cr[co0:], f.Cr[co1:]
		row := dst[y*outW*3 : (y+1)*outW*3]
		for x := range outW {
			lx, cx := s.lumaX[x], s.chromaX[x]
			luma := bilerp(yr0, yr1, lx, ly.f)
			cb := bilerp(cb0, cb1, cx, cy.f) - 128
			cr := bilerp(cr0, cr1, cx, cy.f) - 128
			// JFIF (full-range BT.601), as image/color converts YCbCr.
			px := row[x*3 : x*3+3 : x*3+3]
			px[0] = unit(luma + 1.402*cr)
			px[1] = unit(luma - 0.344136*cb - 0.714136*cr)
			px[2] = unit(luma + 1.772*cb)
		}
	}
}

func bilerp(r0, r1 []uint8, t tap, fy float32) float32 {
	top := float32(r0[t.i0]) + (float32(r0[t.i1])-float32(r0[t.i0]))*t.f
	bottom := float32(r1[t.i0]) + (float32(r1[t.i1])-float32(r1[t.i0]))*t.f
	return top + (bottom-top)*fy
}

// unit maps a 0-255 value to [0, 1], clamping.
func unit(v float32) float32 {
	return min(max(v, 0), 255) * (1.0 / 255)
}
