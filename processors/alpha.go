package processors

import (
	"fmt"
	"image"
)

// AlphaInto writes the person mask of the last processed frame into dst,
// as it applies to frame: 255 is person, 0 is background. Pass the frame
// as it was before Process changed it (alpha follows its luma) and a dst
// of the frame's size. It is for looking at the mask, not for the frame
// path: it may allocate.
func (e *Effect) AlphaInto(frame *image.YCbCr, dst *image.Gray) error {
	e.run.Lock()
	defer e.run.Unlock()
	m := e.front
	fw, fh := frame.Rect.Dx(), frame.Rect.Dy()
	if !m.valid || m.fw != fw || m.fh != fh {
		return fmt.Errorf("alpha: no mask for a %dx%d frame yet", fw, fh)
	}
	if dst.Rect.Dx() != fw || dst.Rect.Dy() != fh {
		return fmt.Errorf("alpha: mask is %v, want %dx%d", dst.Rect.Size(), fw, fh)
	}
	var a, b upsampler
	a.reset(m.a, m.w, m.h, m.f, fw)
	b.reset(m.b, m.w, m.h, m.f, fw)
	for y := range fh {
		aT, aB, w := a.row(y)
		bT, bB, _ := b.row(y)
		src := frame.Y[y*frame.YStride:]
		out := dst.Pix[y*dst.Stride:]
		for x := range fw {
			al := alphaAt(aT, aB, bT, bB, w, x, int32(src[x]))
			out[x] = uint8((al*255 + 128) >> 8)
		}
	}
	return nil
}
