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
	c := compositor{fw: fw}
	c.alpha, c.aRow, c.bRow = make([]int32, fw), make([]int32, fw), make([]int32, fw)
	for y := range fh {
		c.matteRow(m, y)
		al := c.edgeAlpha(frame.Y[y*frame.YStride:], 0, fw)
		out := dst.Pix[y*dst.Stride : y*dst.Stride+fw]
		for x, a := range al {
			out[x] = uint8((a*255 + 128) >> 8)
		}
	}
	return nil
}
