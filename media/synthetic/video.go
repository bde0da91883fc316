package synthetic

import (
	"fmt"
	"image"
	"math"
	"time"
)

const maxVideoSide = 8192

// VideoSource renders I420 frames: a colour gradient that scrolls sideways,
// a box that bounces around, and the stamp on top. Frame n looks the same
// whenever it is rendered, so the source keeps no per-frame state and Next
// may run from several goroutines at once into different frames.
type VideoSource struct {
	width, height int
	fps           int
	scrollStep    int // luma pixels per frame; even, so chroma stays aligned
	bg            plane3
	box           plane3
	boxTop        int // first luma row the box may use, below the stamp
}

// plane3 holds the three planes of a small 4:2:0 picture, each with a
// stride equal to its width.
type plane3 struct {
	w, h      int
	y, cb, cr []byte
}

// NewVideoSource returns a source of width×height frames at fps frames per
// second. Width and height must be even, from 64 to 8192, and the width at
// most 5 times the height so the stamp leaves room for the picture; fps
// must be from 1 to 120.
func NewVideoSource(width, height, fps int) (*VideoSource, error) {
	if width%2 != 0 || height%2 != 0 || width < 64 || height < 64 ||
		width > maxVideoSide || height > maxVideoSide || width > 5*height {
		return nil, fmt.Errorf("synthetic video %dx%d: %w", width, height, ErrVideoSize)
	}
	if fps < 1 || fps > 120 {
		return nil, fmt.Errorf("synthetic video at %d fps: %w", fps, ErrFrameRate)
	}
	// A quarter of the width per second reads as motion at any frame rate.
	step := max(2, width/(4*fps)&^1)
	s := &VideoSource{
		width:      width,
		height:     height,
		fps:        fps,
		scrollStep: step,
		bg:         gradient(width, height),
		box:        boxSprite(max(8, width/8&^1), max(8, height/6&^1)),
		boxTop:     (StampHeight(width) + 1) &^ 1,
	}
	return s, nil
}

// NewFrame allocates a width×height I420 frame for VideoSource.Next.
func NewFrame(width, height int) *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, width, height), image.YCbCrSubsampleRatio420)
}

// Next renders frame number frameNumber, captured at capture, into dst,
// which must be a 4:2:0 frame of the source's size such as NewFrame
// returns; it panics otherwise. The frame number and capture time go into
// the stamp; the frame number alone decides the picture.
func (s *VideoSource) Next(dst *image.YCbCr, frameNumber uint32, capture time.Time) {
	if dst.SubsampleRatio != image.YCbCrSubsampleRatio420 ||
		dst.Rect.Dx() != s.width || dst.Rect.Dy() != s.height {
		panic(fmt.Sprintf("synthetic: VideoSource.Next needs a 4:2:0 frame of %dx%d, as NewFrame makes", s.width, s.height))
	}
	off := int(uint64(frameNumber) * uint64(s.scrollStep) % uint64(s.width))
	top := StampHeight(s.width)
	// Like a camera in a room, most of the picture stands still: only a
	// band along the bottom scrolls, and the box bounces over everything.
	band := s.height - s.height/4&^1
	scroll(dst.Y, dst.YStride, s.bg.y, s.bg.w, top, band, 0)
	scroll(dst.Y, dst.YStride, s.bg.y, s.bg.w, band, s.bg.h, off)
	scroll(dst.Cb, dst.CStride, s.bg.cb, s.bg.w/2, top/2, band/2, 0)
	scroll(dst.Cb, dst.CStride, s.bg.cb, s.bg.w/2, band/2, s.bg.h/2, off/2)
	scroll(dst.Cr, dst.CStride, s.bg.cr, s.bg.w/2, top/2, band/2, 0)
	scroll(dst.Cr, dst.CStride, s.bg.cr, s.bg.w/2, band/2, s.bg.h/2, off/2)
	s.drawBox(dst, frameNumber)
	WriteStamp(dst, NewStamp(frameNumber, capture))
}

// scroll copies rows [from, to) of a w-wide plane into dst, shifted left by
// off pixels with wrap-around: two copies per row and no per-pixel work.
func scroll(dst []byte, stride int, src []byte, w, from, to, off int) {
	for y := from; y < to; y++ {
		row := src[y*w:][:w]
		out := dst[y*stride:][:w]
		n := copy(out, row[off:])
		copy(out[n:], row[:off])
	}
}

// drawBox draws the box where it is in frame n: it moves half the width and
// a third of the height per second and bounces off the edges.
func (s *VideoSource) drawBox(dst *image.YCbCr, n uint32) {
	b := s.box
	x := bounce(uint64(n)*uint64(s.width)/uint64(2*s.fps), s.width-b.w) &^ 1
	y := s.boxTop + bounce(uint64(n)*uint64(s.height)/uint64(3*s.fps), s.height-b.h-s.boxTop)&^1
	for r := range b.h {
		copy(dst.Y[(y+r)*dst.YStride+x:], b.y[r*b.w:][:b.w])
	}
	cx, cy, cw := x/2, y/2, b.w/2
	for r := range b.h / 2 {
		copy(dst.Cb[(cy+r)*dst.CStride+cx:], b.cb[r*cw:][:cw])
		copy(dst.Cr[(cy+r)*dst.CStride+cx:], b.cr[r*cw:][:cw])
	}
}

// bounce maps a distance travelled to a position in [0, span] that goes
// back and forth like a ball between two walls.
func bounce(dist uint64, span int) int {
	if span <= 0 {
		return 0
	}
	p := int(dist % uint64(2*span))
	if p > span {
		p = 2*span - p
	}
	return p
}

// gradient builds the background once: colour that changes smoothly across
// one frame width, so it wraps seamlessly when scrolled, over a faint
// checkerboard that gives encoders texture to track.
func gradient(w, h int) plane3 {
	p := newPlane3(w, h)
	cell := max(4, w/40)
	// Luma is 128 + 70 sin(a) + 30 sin(2a + b) for a across and b down the
	// frame; sin(2a + b) = sin 2a cos b + cos 2a sin b needs only sines
	// of single columns and rows.
	sinA, cosA := make([]float64, w), make([]float64, w)
	sin2A, cos2A := make([]float64, w), make([]float64, w)
	for x := range w {
		a := 2 * math.Pi * float64(x) / float64(w)
		sinA[x], cosA[x] = math.Sincos(a)
		sin2A[x], cos2A[x] = math.Sincos(2 * a)
	}
	for y := range h {
		sinB, cosB := math.Sincos(2 * math.Pi * float64(y) / float64(h))
		for x := range w {
			l := 128 + 70*sinA[x] + 30*(sin2A[x]*cosB+cos2A[x]*sinB)
			if (x/cell+y/cell)%2 == 0 {
				l += 18
			} else {
				l -= 18
			}
			p.y[y*w+x] = byte(min(235, max(16, l)))
		}
	}
	// Chroma: blue-difference varies across, red-difference diagonally.
	cw := w / 2
	for y := range h / 2 {
		sinB, cosB := math.Sincos(math.Pi * float64(2*y) / float64(h))
		for x := range cw {
			p.cb[y*cw+x] = byte(128 + 90*cosA[2*x])
			p.cr[y*cw+x] = byte(128 + 90*(sinA[2*x]*cosB+cosA[2*x]*sinB))
		}
	}
	return p
}

// boxSprite builds the bouncing box: an orange tile with a bright frame and
// a dark cross, edges that make its motion easy to see and to track.
func boxSprite(w, h int) plane3 {
	p := newPlane3(w, h)
	edge := max(2, w/10)
	for y := range h {
		for x := range w {
			l := byte(90)
			switch {
			case x < edge || x >= w-edge || y < edge || y >= h-edge:
				l = 235
			case abs(2*x-w) < edge || abs(2*y-h) < edge:
				l = 30
			}
			p.y[y*w+x] = l
		}
	}
	fill(p.cb, 70)
	fill(p.cr, 200)
	return p
}

func newPlane3(w, h int) plane3 {
	return plane3{
		w: w, h: h,
		y:  make([]byte, w*h),
		cb: make([]byte, w*h/4),
		cr: make([]byte, w*h/4),
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
