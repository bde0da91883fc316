package synthetic

import (
	"image"
	"time"
)

// Stamp layout; the package comment is the specification.
const (
	stampBlocks   = 32 // blocks per row, one per bit of a uint32
	stampRows     = 3
	stampSync     = 0xA5C3
	lumaOne       = 235
	lumaZero      = 16
	chromaNeutral = 128
	lumaThreshold = 128
)

// Stamp identifies a frame: which one it is and when it was captured.
type Stamp struct {
	// Frame is the frame number given to VideoSource.Next.
	Frame uint32
	// CaptureMs is the capture time in Unix milliseconds modulo 2^32.
	CaptureMs uint32
}

// NewStamp returns the stamp of frame number frame captured at capture.
func NewStamp(frame uint32, capture time.Time) Stamp {
	return Stamp{Frame: frame, CaptureMs: uint32(capture.UnixMilli())}
}

// Delay returns how long before now the frame was captured. It compares the
// low 32 bits of now's Unix milliseconds, so it is right across wrap-around
// for delays within about ±24 days; a negative result means clock skew.
func (s Stamp) Delay(now time.Time) time.Duration {
	ms := int32(uint32(now.UnixMilli()) - s.CaptureMs)
	return time.Duration(ms) * time.Millisecond
}

// check returns the check word for row 2.
func (s Stamp) check() uint32 {
	x := s.Frame ^ s.CaptureMs
	return stampSync<<16 | uint32(uint16(x^x>>16))
}

// StampHeight returns the height in pixels of the stamp band at the top of
// a frame that is width pixels wide.
func StampHeight(width int) int {
	return stampRows * (width / stampBlocks)
}

// WriteStamp burns s into the top of dst, as laid out in the package
// comment. It leaves dst untouched if the frame is too small to hold a
// stamp (narrower than 32 pixels or shorter than the stamp band).
func WriteStamp(dst *image.YCbCr, s Stamp) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	b := w / stampBlocks
	if b < 1 || h < stampRows*b {
		return
	}
	words := [stampRows]uint32{s.Frame, s.CaptureMs, s.check()}
	for r, word := range words {
		first := dst.Y[r*b*dst.YStride:][:w]
		for i := range stampBlocks {
			v := byte(lumaZero)
			if word>>(stampBlocks-1-i)&1 == 1 {
				v = lumaOne
			}
			fill(first[i*b:(i+1)*b], v)
		}
		fill(first[stampBlocks*b:], lumaZero)
		for y := r*b + 1; y < (r+1)*b; y++ {
			copy(dst.Y[y*dst.YStride:][:w], first)
		}
	}
	neutralChroma(dst, stampRows*b)
}

// neutralChroma sets the chroma of the top rows luma rows of dst to 128.
func neutralChroma(dst *image.YCbCr, rows int) {
	r := dst.Rect
	for y := r.Min.Y; y < r.Min.Y+rows; y++ {
		start := dst.COffset(r.Min.X, y)
		end := dst.COffset(r.Max.X-1, y) + 1
		fill(dst.Cb[start:end], chromaNeutral)
		fill(dst.Cr[start:end], chromaNeutral)
	}
}

func fill(p []byte, v byte) {
	for i := range p {
		p[i] = v
	}
}

// ReadStamp decodes the stamp at the top of img's luma plane. It reports
// false if img is too small or malformed, or if the check word does not
// match, as happens for frames that carry no stamp or a damaged one.
func ReadStamp(img *image.YCbCr) (Stamp, bool) {
	b, ok := stampBlockSize(img)
	if !ok {
		return Stamp{}, false
	}
	var words [stampRows]uint32
	for r := range words {
		for i := range stampBlocks {
			words[r] <<= 1
			if blockIsOne(img, r, i, b) {
				words[r] |= 1
			}
		}
	}
	s := Stamp{Frame: words[0], CaptureMs: words[1]}
	if words[2] != s.check() {
		return Stamp{}, false
	}
	return s, true
}

// stampBlockSize returns the block size of img's stamp, and whether the
// luma plane really holds every pixel the stamp covers.
func stampBlockSize(img *image.YCbCr) (int, bool) {
	if img == nil {
		return 0, false
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	b := w / stampBlocks
	// Bound b and the stride first so the size product cannot overflow.
	if b < 1 || b > len(img.Y) || h < stampRows*b || img.YStride < w || img.YStride > len(img.Y) {
		return 0, false
	}
	return b, (stampRows*b-1)*img.YStride+stampBlocks*b <= len(img.Y)
}

// blockIsOne reports whether block i of stamp row r reads as a 1-bit: the
// mean luma of its centre, a B/4 margin in from each side, is 128 or more.
func blockIsOne(img *image.YCbCr, r, i, b int) bool {
	m := b / 4
	n := b - 2*m
	x0, y0 := i*b+m, r*b+m
	sum := 0
	for y := y0; y < y0+n; y++ {
		for _, v := range img.Y[y*img.YStride+x0:][:n] {
			sum += int(v)
		}
	}
	return sum >= lumaThreshold*n*n
}
