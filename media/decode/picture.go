package decode

/*
#include "vpxdec.h"
*/
import "C"

import (
	"fmt"
	"image"
	"unsafe"
)

// copyPicture copies libvpx's picture into d's reusable I420 image,
// reallocating it only when the size changes.
func (d *Decoder) copyPicture(img *C.vpx_image_t) (*image.YCbCr, error) {
	if img.fmt != C.VPX_IMG_FMT_I420 {
		return nil, fmt.Errorf("%w: libvpx image format %#x, want I420", ErrUnsupported, int(img.fmt))
	}
	w, h := int(img.d_w), int(img.d_h)
	if w < 1 || h < 1 || w*h > MaxPixels {
		return nil, fmt.Errorf("%w: picture of %dx%d", ErrCorrupt, w, h)
	}
	if d.img == nil || d.img.Rect.Dx() != w || d.img.Rect.Dy() != h {
		d.img = image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	}
	cw, ch := (w+1)/2, (h+1)/2
	if int(img.stride[C.VPX_PLANE_Y]) < w || int(img.stride[C.VPX_PLANE_U]) < cw || int(img.stride[C.VPX_PLANE_V]) < cw {
		return nil, fmt.Errorf("%w: libvpx strides %d/%d/%d for a %dx%d picture", ErrUnsupported,
			int(img.stride[C.VPX_PLANE_Y]), int(img.stride[C.VPX_PLANE_U]), int(img.stride[C.VPX_PLANE_V]), w, h)
	}
	copyPlane(d.img.Y, d.img.YStride, img.planes[C.VPX_PLANE_Y], int(img.stride[C.VPX_PLANE_Y]), w, h)
	copyPlane(d.img.Cb, d.img.CStride, img.planes[C.VPX_PLANE_U], int(img.stride[C.VPX_PLANE_U]), cw, ch)
	copyPlane(d.img.Cr, d.img.CStride, img.planes[C.VPX_PLANE_V], int(img.stride[C.VPX_PLANE_V]), cw, ch)
	return d.img, nil
}

// copyPlane copies h rows of w bytes from C memory, stride bytes apart,
// into dst.
func copyPlane(dst []byte, dstStride int, src *C.uchar, stride, w, h int) {
	rows := unsafe.Slice((*byte)(unsafe.Pointer(src)), (h-1)*stride+w)
	for y := range h {
		copy(dst[y*dstStride:][:w], rows[y*stride:][:w])
	}
}
