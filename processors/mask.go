package processors

import (
	"image"
	"math"

	"github.com/lkbot/lkbot/processors/segmentation"
)

// Mask refinement. The model's soft mask is scaled to a reduced grid of
// the frame, smoothed over time (temporal.go), then refined by a guided
// filter on the grid's luma (guided.go). The result is kept as the guided
// filter's coefficients, which compositing applies to the frame's own
// full-resolution luma: the mask's edges follow the picture's edges at
// full resolution although every filter ran on the small grid.
const (
	// gridPixels bounds the grid's area; the grid is the frame scaled by
	// the smallest power of two that fits (640x480 -> 320x240,
	// 1280x720 -> 320x180).
	gridPixels = 80_000
	// guidedEps regularises the guided filter (guide in [0, 1]).
	guidedEps = 0.01
	// edgeLow and edgeHigh stretch the refined confidence so that
	// edgeLow and below is background and edgeHigh and above is person:
	// firmer edges without thresholding.
	edgeLow, edgeHigh = 0.35, 0.85
	// coefLimit bounds the coefficients so that fixed point cannot
	// overflow; real ones stay far below it.
	coefLimit = 8
)

// Point classes: what a matte coefficient pair gives for any luma.
const (
	classBackground uint8 = iota // alpha 0 whatever the luma
	classPerson                  // alpha 1 whatever the luma
	classEdge                    // depends on the luma
)

// matte is the refined mask of one segmented frame, on its reduced grid:
// alpha(x, y) = a*Y/255 + b, clamped to [0, 1], with a and b interpolated
// from the grid and Y the full-resolution luma.
type matte struct {
	fw, fh  int // frame size
	w, h, f int // grid size and scale factor
	// a and b in fixed point: a*65536/255 and b*65536, so that
	// (a*256*Y + b*256) >> 16 is alpha in 256ths after upsampling.
	a, b  []int32
	alpha []float32 // alpha on the grid, for weighting the blur
	class []uint8   // classBackground, classPerson or classEdge per point
	gen   uint64    // Effect generation it was computed in
	valid bool
}

// gridScale returns the grid's scale factor for a frame size.
func gridScale(fw, fh int) int {
	f := 2
	for f < 16 && ceilDiv(fw, f)*ceilDiv(fh, f) > gridPixels {
		f *= 2
	}
	return f
}

// refiner turns frames into mattes, keeping the temporal state between
// them. It is used by one goroutine at a time.
type refiner struct {
	seg                 *segmentation.Segmenter
	raw, up             segmentation.Mask
	luma, prev, ema, ga []float32
	gb                  []float32
	gf                  guidedFilter
	acc                 []uint64
	fresh               bool // the next frame restarts the average
}

// refine segments frame and stores its refined mask in out.
func (r *refiner) refine(frame *image.YCbCr, out *matte) error {
	if err := r.seg.Segment(frame, &r.raw); err != nil {
		return err
	}
	r.refineMask(frame, out)
	return nil
}

// refineMask refines the model's mask r.raw of frame into out.
func (r *refiner) refineMask(frame *image.YCbCr, out *matte) {
	fw, fh := frame.Rect.Dx(), frame.Rect.Dy()
	f := gridScale(fw, fh)
	w, h := ceilDiv(fw, f), ceilDiv(fh, f)
	n := w * h
	if len(r.ema) != n {
		r.fresh = true
	}
	r.luma, r.prev, r.ema = grow(r.luma, n), grow(r.prev, n), grow(r.ema, n)
	r.ga, r.gb, r.acc = grow(r.ga, n), grow(r.gb, n), grow(r.acc, downsampleScratch(fw))
	downsample(r.luma, frame.Y, frame.YStride, fw, fh, f, r.acc)
	r.raw.ResizeInto(&r.up, w, h)
	if r.fresh {
		copy(r.ema, r.up.Conf)
		r.fresh = false
	} else {
		smooth(r.ema, r.up.Conf, r.luma, r.prev)
	}
	copy(r.prev, r.luma)
	guide := r.luma // scaled in place; prev keeps the 0-255 copy
	for i := range guide {
		guide[i] *= 1.0 / 255
	}
	radius := max(2, (h+22)/45)
	r.gf.run(r.ga, r.gb, guide, r.ema, w, h, radius, guidedEps)
	out.set(r.ga, r.gb, guide, fw, fh, w, h, f)
}

// set fills m from float coefficients on the grid and the grid's guide.
func (m *matte) set(a, b, guide []float32, fw, fh, w, h, f int) {
	n := w * h
	m.fw, m.fh, m.w, m.h, m.f = fw, fh, w, h, f
	m.a, m.b = grow(m.a, n), grow(m.b, n)
	m.alpha, m.class = grow(m.alpha, n), grow(m.class, n)
	const stretch = 1 / (edgeHigh - edgeLow)
	a, b, guide = a[:n], b[:n], guide[:n]
	ma, mb, alpha, class := m.a[:n], m.b[:n], m.alpha[:n], m.class[:n]
	for i := range a {
		ai := clampf(a[i]*stretch, -coefLimit, coefLimit)
		bi := clampf((b[i]-edgeLow)*stretch, -coefLimit, coefLimit)
		ma[i] = roundInt32(ai * (65536.0 / 255))
		mb[i] = roundInt32(bi * 65536)
		alpha[i] = clampf(ai*guide[i]+bi, 0, 1)
		lo, hi := bi+min(ai, 0), bi+max(ai, 0)
		switch {
		case hi <= 0:
			class[i] = classBackground
		case lo >= 1:
			class[i] = classPerson
		default:
			class[i] = classEdge
		}
	}
	m.valid = true
}

func clampf(v, lo, hi float32) float32 { return min(max(v, lo), hi) }

// roundInt32 rounds v to the nearest integer, halves up, with no branch
// (the signs of coefficients are noise where the frame is flat).
func roundInt32(v float32) int32 { return int32(math.Floor(float64(v) + 0.5)) }
