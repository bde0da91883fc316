package processors

import (
	"image"
	"math"

	"github.com/lkbot/lkbot/processors/segmentation"
)

// MaxBlurRadius is the largest blur radius SetBlur accepts.
const MaxBlurRadius = 100

// DefaultBlurRadius is the web SDK's default for BackgroundBlur.
const DefaultBlurRadius = 10

// Blur radius semantics. LiveKit's web SDK (@livekit/track-processors)
// blurs the background with a Gaussian whose standard deviation is the
// radius in frame pixels: BackgroundBlur(r) drew with the canvas filter
// blur(r px) and its WebGL pipeline blurs a quarter-size copy with sigma
// r/4 texels. Here too the radius is the Gaussian's sigma in frame pixels.
//
// The blur runs on a grid f times smaller than the frame, f a power of two
// up to 0.9*radius (at least 2). Averaging f x f blocks and bilinear
// upsampling blur by a variance of about f*f/4 themselves, so the grid
// gets the rest: sigma_grid = sqrt(r*r - f*f/4) / f, made of three box
// filters. Chroma has half the luma's resolution and gets half the scale,
// so the same grid and box filters serve Y, Cb and Cr.

// blurScale returns the grid's scale factor and the Gaussian's sigma on it.
func blurScale(radius float64, fw, fh int) (int, float64) {
	f := 2
	for f < 16 && float64(2*f) <= 0.9*radius && ceilDiv(fw, 2*f) >= 16 && ceilDiv(fh, 2*f) >= 16 {
		f *= 2
	}
	s := math.Sqrt(max(radius*radius-float64(f*f)/4, 0)) / float64(f)
	return f, s
}

// bgFloor is the blur weight of a pure person pixel. It keeps the
// normalised blur defined deep inside the person, where no background is
// within reach, without letting the person tint the background near it.
const bgFloor = 1e-4

// blurStage blurs a frame's background on a reduced grid. Each sample is
// weighted by how surely it is background (the matte's complement,
// squared), and the blurred planes are divided by the blurred weights: the
// background is averaged from background only, so the person leaves no
// halo in it.
type blurStage struct {
	f, w, h       int
	y, u, v, wt   []float32
	oy, ou, ov    []int32
	src, weights  segmentation.Mask
	row, acc, win []float32
	acc64         []uint64
}

// run blurs frame's planes into oy, ou and ov, on a w x h grid of scale f.
func (s *blurStage) run(frame *image.YCbCr, m *matte, radius float64) {
	fw, fh := frame.Rect.Dx(), frame.Rect.Dy()
	cw, ch := ceilDiv(fw, 2), ceilDiv(fh, 2)
	f, sigma := blurScale(radius, fw, fh)
	w, h := ceilDiv(fw, f), ceilDiv(fh, f)
	n := w * h
	s.f, s.w, s.h = f, w, h
	s.y, s.u, s.v, s.wt = grow(s.y, n), grow(s.u, n), grow(s.v, n), grow(s.wt, n)
	s.oy, s.ou, s.ov = grow(s.oy, n), grow(s.ou, n), grow(s.ov, n)
	s.acc64 = grow(s.acc64, downsampleScratch(fw))
	downsample(s.y, frame.Y, frame.YStride, fw, fh, f, s.acc64)
	downsample(s.u, frame.Cb, frame.CStride, cw, ch, f/2, s.acc64)
	downsample(s.v, frame.Cr, frame.CStride, cw, ch, f/2, s.acc64)
	s.src = segmentation.Mask{Width: m.w, Height: m.h, Conf: m.alpha}
	s.src.ResizeInto(&s.weights, w, h)
	for i, q := range s.weights.Conf[:n] {
		bg := 1 - q
		k := bg*bg + bgFloor
		s.wt[i] = k
		s.y[i] *= k
		s.u[i] *= k
		s.v[i] *= k
	}
	radii := gaussBoxes(sigma)
	s.row, s.acc = grow(s.row, boxScratch(w)), grow(s.acc, w)
	s.win = grow(s.win, (2*radii[2]+2)*w)
	for _, p := range [][]float32{s.y, s.u, s.v, s.wt} {
		for _, r := range radii {
			boxH(p, w, h, r, s.row)
			boxV(p, w, h, r, s.acc, s.win)
		}
	}
	for i, k := range s.wt {
		inv := 1 / k
		s.oy[i] = int32(s.y[i]*inv + 0.5)
		s.ou[i] = int32(s.u[i]*inv + 0.5)
		s.ov[i] = int32(s.v[i]*inv + 0.5)
	}
}
