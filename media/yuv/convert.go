package yuv

import (
	"image"
	"sync"
)

// BT.601 limited-range coefficients in 16.16 fixed point. Each chroma row
// sums to zero, so grey stays at 128 exactly; the luma row sums to 219/255.
const (
	yR, yG, yB    = 16829, 33039, 6416
	cbR, cbG, cbB = -9714, -19070, 28784
	crR, crG, crB = 28784, -24103, -4681
)

// Converter converts like Convert and keeps the one scratch frame that
// converting and scaling at once needs, so that converting a stream of
// same-size pictures allocates nothing after the first. A Converter is
// not safe for concurrent use; its zero value is ready.
type Converter struct {
	scratch *image.YCbCr
}

// converters lends Converters to Convert, so that callers who convert a
// stream of pictures with the function keep their scratch between calls.
var converters = sync.Pool{New: func() any { return new(Converter) }}

// Convert writes any image into dst, 4:2:0 and limited range, scaling to
// dst's size when they differ. An *image.YCbCr may have any subsample
// ratio, and r says its range: Full is mapped to Limited. *image.RGBA,
// *image.NRGBA and *image.Gray have fast paths with BT.601 limited-range
// coefficients; anything else goes through At. Transparency is composited
// over black. A 4:2:0 limited-range source is only scaled (or copied).
// It panics if dst is not 4:2:0.
//
// Converting and scaling in one call needs a scratch frame of src's size;
// Convert borrows one from a pool, and a Converter keeps its own.
func Convert(dst *image.YCbCr, src image.Image, r Range) {
	c := converters.Get().(*Converter)
	c.Convert(dst, src, r)
	converters.Put(c)
}

// Convert is the package's Convert with the scratch kept in c.
func (c *Converter) Convert(dst *image.YCbCr, src image.Image, r Range) {
	mustBe420(dst, "Convert")
	sb := src.Bounds()
	if sb.Empty() {
		fillBlack(dst)
		return
	}
	if s, ok := src.(*image.YCbCr); ok && is420(s) && r == Limited {
		Scale(dst, s)
		return
	}
	if sb.Dx() == dst.Rect.Dx() && sb.Dy() == dst.Rect.Dy() {
		convertSameSize(dst, src, r)
		return
	}
	if c.scratch == nil || c.scratch.Rect.Size() != sb.Size() {
		c.scratch = NewI420(sb.Dx(), sb.Dy())
	}
	convertSameSize(c.scratch, src, r)
	Scale(dst, c.scratch)
}

// convertSameSize converts src into a dst of the same size.
func convertSameSize(dst *image.YCbCr, src image.Image, r Range) {
	switch s := src.(type) {
	case *image.YCbCr:
		ycbcrTo420(dst, s, r)
	case *image.RGBA:
		rgbaTo420(dst, s.Pix[s.PixOffset(s.Rect.Min.X, s.Rect.Min.Y):], s.Stride, false)
	case *image.NRGBA:
		rgbaTo420(dst, s.Pix[s.PixOffset(s.Rect.Min.X, s.Rect.Min.Y):], s.Stride, true)
	case *image.Gray:
		grayTo420(dst, s)
	default:
		anyTo420(dst, src)
	}
}

// luma returns the limited-range Y of an 8-bit R'G'B' pixel.
func luma(r, g, b int) byte {
	return byte((yR*r + yG*g + yB*b + 16<<16 + 1<<15) >> 16)
}

// chroma returns the limited-range Cb and Cr of the mean of four pixels
// whose R', G' and B' add up to sr, sg and sb.
func chroma(sr, sg, sb int) (cb, cr byte) {
	cb = byte((cbR*sr + cbG*sg + cbB*sb + 128<<18 + 1<<17) >> 18)
	cr = byte((crR*sr + crG*sg + crB*sb + 128<<18 + 1<<17) >> 18)
	return cb, cr
}

// rgbaTo420 converts 4-byte R, G, B, A pixels, premultiplied unless
// straight, two rows and two columns at a time: four lumas and the chroma
// of their mean. An odd last row or column is paired with itself.
func rgbaTo420(dst *image.YCbCr, pix []byte, stride int, straight bool) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for cy := range (h + 1) / 2 {
		y0 := 2 * cy
		y1 := min(y0+1, h-1)
		in0 := pix[y0*stride:][:4*w]
		in1 := pix[y1*stride:][:4*w]
		out0 := dst.Y[y0*dst.YStride:][:w]
		out1 := dst.Y[y1*dst.YStride:][:w]
		cbRow := dst.Cb[cy*dst.CStride:][:(w+1)/2]
		crRow := dst.Cr[cy*dst.CStride:][:(w+1)/2]
		for cx := range cbRow {
			x0 := 2 * cx
			x1 := min(x0+1, w-1)
			r0, g0, b0 := rgbAt(in0, x0, straight)
			r1, g1, b1 := rgbAt(in0, x1, straight)
			r2, g2, b2 := rgbAt(in1, x0, straight)
			r3, g3, b3 := rgbAt(in1, x1, straight)
			out0[x0] = luma(r0, g0, b0)
			out0[x1] = luma(r1, g1, b1)
			out1[x0] = luma(r2, g2, b2)
			out1[x1] = luma(r3, g3, b3)
			cbRow[cx], crRow[cx] = chroma(r0+r1+r2+r3, g0+g1+g2+g3, b0+b1+b2+b3)
		}
	}
}

// rgbAt reads pixel x of a row of 4-byte pixels, composited over black.
func rgbAt(row []byte, x int, straight bool) (r, g, b int) {
	p := row[4*x:][:4]
	r, g, b = int(p[0]), int(p[1]), int(p[2])
	if straight && p[3] != 0xFF {
		a := int(p[3])
		r, g, b = (r*a+127)/255, (g*a+127)/255, (b*a+127)/255
	}
	return r, g, b
}

// grayTo420 maps full-range grey to limited-range luma with flat chroma.
func grayTo420(dst *image.YCbCr, src *image.Gray) {
	var lut [256]byte
	for v := range lut {
		lut[v] = byte(16 + (v*219+127)/255)
	}
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for y := range h {
		in := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y):][:w]
		out := dst.Y[y*dst.YStride:][:w]
		for x, v := range in {
			out[x] = lut[v]
		}
	}
	_, cb, cr := planes(dst)
	fillPlane(cb, 128)
	fillPlane(cr, 128)
}

// anyTo420 converts through At and color.Color, slowly but for any image.
func anyTo420(dst *image.YCbCr, src image.Image) {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	at := func(x, y int) (r, g, bl int) {
		r32, g32, b32, _ := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
		return int(r32 >> 8), int(g32 >> 8), int(b32 >> 8)
	}
	for cy := range (h + 1) / 2 {
		y0 := 2 * cy
		y1 := min(y0+1, h-1)
		for cx := range (w + 1) / 2 {
			x0 := 2 * cx
			x1 := min(x0+1, w-1)
			r0, g0, b0 := at(x0, y0)
			r1, g1, b1 := at(x1, y0)
			r2, g2, b2 := at(x0, y1)
			r3, g3, b3 := at(x1, y1)
			dst.Y[y0*dst.YStride+x0] = luma(r0, g0, b0)
			dst.Y[y0*dst.YStride+x1] = luma(r1, g1, b1)
			dst.Y[y1*dst.YStride+x0] = luma(r2, g2, b2)
			dst.Y[y1*dst.YStride+x1] = luma(r3, g3, b3)
			i := cy*dst.CStride + cx
			dst.Cb[i], dst.Cr[i] = chroma(r0+r1+r2+r3, g0+g1+g2+g3, b0+b1+b2+b3)
		}
	}
}

// ycbcrTo420 converts YCbCr of any subsample ratio and range into a dst of
// the same size: luma through a range table, chroma averaged over the
// source samples under each 2×2 block of luma.
func ycbcrTo420(dst *image.YCbCr, src *image.YCbCr, r Range) {
	yLUT, cLUT := rangeTables(r)
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for y := range h {
		in := src.Y[y*src.YStride:][:w]
		out := dst.Y[y*dst.YStride:][:w]
		for x, v := range in {
			out[x] = yLUT[v]
		}
	}
	hs, vs := subsampling(src.SubsampleRatio)
	sb := src.Rect
	// Source chroma of luma pixel (x, y), offsets from sb.Min, is at row
	// row(y) and column col(x), as image.YCbCr.COffset places it.
	col := func(x int) int { return (sb.Min.X+x)/hs - sb.Min.X/hs }
	row := func(y int) int { return ((sb.Min.Y+y)/vs - sb.Min.Y/vs) * src.CStride }
	for cy := range (h + 1) / 2 {
		r0, r1 := row(2*cy), row(min(2*cy+1, h-1))
		for cx := range (w + 1) / 2 {
			c0, c1 := col(2*cx), col(min(2*cx+1, w-1))
			i := cy*dst.CStride + cx
			cb := int(src.Cb[r0+c0]) + int(src.Cb[r0+c1]) + int(src.Cb[r1+c0]) + int(src.Cb[r1+c1])
			cr := int(src.Cr[r0+c0]) + int(src.Cr[r0+c1]) + int(src.Cr[r1+c0]) + int(src.Cr[r1+c1])
			dst.Cb[i] = cLUT[(cb+2)>>2]
			dst.Cr[i] = cLUT[(cr+2)>>2]
		}
	}
}

// subsampling returns how many luma columns and rows share a chroma sample.
func subsampling(s image.YCbCrSubsampleRatio) (h, v int) {
	switch s {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// rangeTables return the luma and chroma maps from range r to Limited.
func rangeTables(r Range) (y, c [256]byte) {
	for v := range 256 {
		y[v], c[v] = byte(v), byte(v)
		if r == Full {
			y[v] = byte(16 + (v*219+127)/255)
			c[v] = byte(128 + roundDiv((v-128)*224, 255))
		}
	}
	return y, c
}

// roundDiv divides, rounding halves away from zero.
func roundDiv(n, d int) int {
	if n < 0 {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}

func fillBlack(m *image.YCbCr) {
	y, cb, cr := planes(m)
	fillPlane(y, 16)
	fillPlane(cb, 128)
	fillPlane(cr, 128)
}

func fillPlane(p plane, v byte) {
	for y := range p.h {
		row := p.pix[y*p.stride:][:p.w]
		for x := range row {
			row[x] = v
		}
	}
}
