package processors

import (
	"image"
	"image/color"
	"image/draw"
)

// I420From returns img as a new I420 frame of the same size, origin at
// (0, 0), for processing still images. Chroma is the average of each 2x2
// block.
func I420From(img image.Image) *image.YCbCr {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Rect, img, r.Min, draw.Src)
	cw := ceilDiv(w, 2)
	cb, cr := make([]uint32, len(out.Cb)), make([]uint32, len(out.Cb))
	n := make([]uint32, len(out.Cb))
	for y := range h {
		for x := range w {
			p := rgba.Pix[y*rgba.Stride+4*x:]
			yy, u, v := color.RGBToYCbCr(p[0], p[1], p[2])
			out.Y[y*out.YStride+x] = yy
			ci := (y/2)*cw + x/2
			cb[ci] += uint32(u)
			cr[ci] += uint32(v)
			n[ci]++
		}
	}
	for i := range n {
		out.Cb[i] = uint8((cb[i] + n[i]/2) / n[i])
		out.Cr[i] = uint8((cr[i] + n[i]/2) / n[i])
	}
	return out
}
