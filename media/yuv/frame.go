package yuv

import "image"

// Range says how an image's Y, Cb and Cr are coded.
type Range int

const (
	// Limited is BT.601 studio swing: Y from 16 to 235, Cb and Cr from 16
	// to 240. It is what video encoders expect.
	Limited Range = iota
	// Full is JFIF/JPEG coding: Y, Cb and Cr from 0 to 255.
	Full
)

// String names the range as ffmpeg does ("tv" and "pc" are its aliases).
func (r Range) String() string {
	if r == Full {
		return "full"
	}
	return "limited"
}

// NewI420 allocates a w×h 4:2:0 frame; odd sizes get chroma planes rounded
// up, as image.NewYCbCr lays them out.
func NewI420(w, h int) *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
}

// plane is one 8-bit image plane: w×h samples, row y at pix[y*stride:].
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

// chromaSize returns the size of the 4:2:0 chroma planes of an image
// covering r, as image.NewYCbCr and SubImage lay them out.
func chromaSize(r image.Rectangle) (w, h int) {
	return (r.Max.X+1)/2 - r.Min.X/2, (r.Max.Y+1)/2 - r.Min.Y/2
}

// planes splits a 4:2:0 image into its luma and chroma planes.
func planes(m *image.YCbCr) (y, cb, cr plane) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	cw, ch := chromaSize(m.Rect)
	return plane{m.Y, m.YStride, w, h},
		plane{m.Cb, m.CStride, cw, ch},
		plane{m.Cr, m.CStride, cw, ch}
}

func is420(m *image.YCbCr) bool {
	return m.SubsampleRatio == image.YCbCrSubsampleRatio420
}

func mustBe420(m *image.YCbCr, fn string) {
	if !is420(m) {
		panic("yuv: " + fn + " needs a 4:2:0 image, as NewI420 makes")
	}
}
