package yuv

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// bt601 returns the limited-range Y, Cb and Cr of an R'G'B' colour by the
// BT.601 formulas in floating point.
func bt601(r, g, b float64) (y, cb, cr float64) {
	y = 16 + (65.481*r+128.553*g+24.966*b)/255
	cb = 128 + (-37.797*r-74.203*g+112*b)/255
	cr = 128 + (112*r-93.786*g-18.214*b)/255
	return y, cb, cr
}

var knownColours = []color.RGBA{
	{0, 0, 0, 255}, {255, 255, 255, 255}, {128, 128, 128, 255},
	{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255},
	{255, 255, 0, 255}, {0, 255, 255, 255}, {255, 0, 255, 255},
	{12, 200, 99, 255}, {250, 128, 3, 255}, {77, 33, 180, 255},
}

// opaque hides an image's concrete type so that Convert takes its At path.
type opaque struct{ image.Image }

func solid(c color.RGBA, w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		copy(m.Pix[i:], []byte{c.R, c.G, c.B, c.A})
	}
	return m
}

func checkSolid(t *testing.T, what string, f *image.YCbCr, y, cb, cr float64) {
	t.Helper()
	yp, cbp, crp := planes(f)
	for _, p := range []struct {
		name string
		pl   plane
		want float64
	}{{"Y", yp, y}, {"Cb", cbp, cb}, {"Cr", crp, cr}} {
		for row := range p.pl.h {
			for x, v := range p.pl.pix[row*p.pl.stride:][:p.pl.w] {
				if math.Abs(float64(v)-p.want) > 1 {
					t.Fatalf("%s: %s(%d,%d) = %d, want %.2f ±1", what, p.name, x, row, v, p.want)
				}
			}
		}
	}
}

func TestConvertRGBColoursBT601(t *testing.T) {
	for _, c := range knownColours {
		y, cb, cr := bt601(float64(c.R), float64(c.G), float64(c.B))
		src := solid(c, 6, 4)
		nrgba := image.NewNRGBA(src.Rect)
		copy(nrgba.Pix, src.Pix)
		for name, img := range map[string]image.Image{"RGBA": src, "NRGBA": nrgba, "At": opaque{src}} {
			dst := NewI420(6, 4)
			Convert(dst, img, Limited)
			checkSolid(t, name+" "+colourName(c), dst, y, cb, cr)
		}
	}
}

func colourName(c color.RGBA) string {
	return "rgb(" + itoa(int(c.R)) + "," + itoa(int(c.G)) + "," + itoa(int(c.B)) + ")"
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	s := ""
	for ; v > 0; v /= 10 {
		s = string(rune('0'+v%10)) + s
	}
	return s
}

func TestConvertTransparencyOverBlack(t *testing.T) {
	// Half-transparent white is mid-grey over black, whether premultiplied
	// (RGBA) or straight (NRGBA).
	rgba := solid(color.RGBA{128, 128, 128, 128}, 4, 4)
	nrgba := image.NewNRGBA(rgba.Rect)
	for i := 0; i < len(nrgba.Pix); i += 4 {
		copy(nrgba.Pix[i:], []byte{255, 255, 255, 128})
	}
	y, cb, cr := bt601(128, 128, 128)
	for name, img := range map[string]image.Image{"RGBA": rgba, "NRGBA": nrgba} {
		dst := NewI420(4, 4)
		Convert(dst, img, Limited)
		checkSolid(t, name, dst, y, cb, cr)
	}
}

func TestConvertGray(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 3, 3))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	dst := NewI420(3, 3)
	Convert(dst, g, Limited)
	checkSolid(t, "white", dst, 235, 128, 128)
}

func TestConvertFullToLimited(t *testing.T) {
	tests := []struct{ in, wantY, wantC byte }{
		{0, 16, 16}, {255, 235, 240}, {128, 126, 128}, {64, 71, 72},
	}
	for _, ratio := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	} {
		for _, tt := range tests {
			src := image.NewYCbCr(image.Rect(0, 0, 8, 6), ratio)
			fillBytes(src.Y, tt.in)
			fillBytes(src.Cb, tt.in)
			fillBytes(src.Cr, tt.in)
			dst := NewI420(8, 6)
			Convert(dst, src, Full)
			want := func(v byte) float64 { return float64(v) }
			checkSolid(t, ratio.String()+" full "+itoa(int(tt.in)), dst, want(tt.wantY), want(tt.wantC), want(tt.wantC))
			Convert(dst, src, Limited)
			checkSolid(t, ratio.String()+" limited "+itoa(int(tt.in)), dst, float64(tt.in), float64(tt.in), float64(tt.in))
		}
	}
}

func TestConvertFullRangeMatchesRGB(t *testing.T) {
	// A JPEG's full-range YCbCr of a colour must land where the colour's
	// RGB does.
	for _, c := range knownColours {
		fy, fcb, fcr := color.RGBToYCbCr(c.R, c.G, c.B)
		src := image.NewYCbCr(image.Rect(0, 0, 4, 4), image.YCbCrSubsampleRatio444)
		fillBytes(src.Y, fy)
		fillBytes(src.Cb, fcb)
		fillBytes(src.Cr, fcr)
		dst := NewI420(4, 4)
		Convert(dst, src, Full)
		y, cb, cr := bt601(float64(c.R), float64(c.G), float64(c.B))
		// Two roundings, the JFIF one and ours: ±2.
		yp, cbp, crp := planes(dst)
		for _, p := range []struct {
			got  byte
			want float64
		}{{yp.pix[0], y}, {cbp.pix[0], cb}, {crp.pix[0], cr}} {
			if math.Abs(float64(p.got)-p.want) > 2 {
				t.Errorf("%s: full-range YCbCr gives %d, want %.2f ±2", colourName(c), p.got, p.want)
			}
		}
	}
}

func TestConvert444AveragesChroma(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 4, 2), image.YCbCrSubsampleRatio444)
	copy(src.Cb, []byte{100, 110, 50, 50, 120, 130, 50, 50})
	fillBytes(src.Cr, 128)
	fillBytes(src.Y, 100)
	dst := NewI420(4, 2)
	Convert(dst, src, Limited)
	if dst.Cb[0] != 115 || dst.Cb[1] != 50 {
		t.Fatalf("Cb = %v, want [115 50]: the mean of each 2x2 block", dst.Cb[:2])
	}
}

func TestConvertOddSizes(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {5, 3}, {3, 7}, {17, 9}} {
		c := color.RGBA{200, 30, 60, 255}
		y, cb, cr := bt601(200, 30, 60)
		dst := NewI420(sz[0], sz[1])
		Convert(dst, solid(c, sz[0], sz[1]), Limited)
		checkSolid(t, "same size "+itoa(sz[0])+"x"+itoa(sz[1]), dst, y, cb, cr)
		scaled := NewI420(sz[1]+2, sz[0]+4)
		Convert(scaled, solid(c, sz[0], sz[1]), Limited)
		checkSolid(t, "scaled "+itoa(sz[0])+"x"+itoa(sz[1]), scaled, y, cb, cr)
	}
}

func TestConvertSubImage(t *testing.T) {
	big := solid(color.RGBA{0, 0, 0, 255}, 10, 10)
	red := color.RGBA{255, 0, 0, 255}
	for y := 4; y < 8; y++ {
		for x := 2; x < 6; x++ {
			big.SetRGBA(x, y, red)
		}
	}
	dst := NewI420(4, 4)
	Convert(dst, big.SubImage(image.Rect(2, 4, 6, 8)), Limited)
	y, cb, cr := bt601(255, 0, 0)
	checkSolid(t, "sub-image", dst, y, cb, cr)
}

func TestConvertEmptyIsBlack(t *testing.T) {
	dst := NewI420(4, 4)
	fillBytes(dst.Y, 99)
	Convert(dst, image.NewRGBA(image.Rectangle{}), Limited)
	checkSolid(t, "empty", dst, 16, 128, 128)
}

func TestConvertAllocatesNothing(t *testing.T) {
	src := solid(color.RGBA{10, 20, 30, 255}, 64, 48)
	same, small := NewI420(64, 48), NewI420(40, 30)
	var c Converter
	c.Convert(small, src, Limited) // allocates the scratch once
	for name, f := range map[string]func(){
		"same size":   func() { c.Convert(same, src, Limited) },
		"and scale":   func() { c.Convert(small, src, Limited) },
		"YCbCr 4:2:0": func() { c.Convert(small, same, Limited) },
	} {
		if n := testing.AllocsPerRun(10, f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}

func TestConvertPanicsOnNon420Destination(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	Convert(image.NewYCbCr(image.Rect(0, 0, 2, 2), image.YCbCrSubsampleRatio444), solid(color.RGBA{}, 2, 2), Limited)
}

func fillBytes(b []byte, v byte) {
	for i := range b {
		b[i] = v
	}
}

func BenchmarkConvertRGBA720p(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	for i := range src.Pix {
		src.Pix[i] = byte(i * 7)
	}
	dst := NewI420(1280, 720)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Convert(dst, src, Limited)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

func BenchmarkConvertYCbCr422To420_720p(b *testing.B) {
	src := image.NewYCbCr(image.Rect(0, 0, 1280, 720), image.YCbCrSubsampleRatio422)
	dst := NewI420(1280, 720)
	b.ReportAllocs()
	for b.Loop() {
		Convert(dst, src, Limited)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

func BenchmarkConvertRGBA1080pTo720p(b *testing.B) {
	src := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	dst := NewI420(1280, 720)
	var c Converter
	b.ReportAllocs()
	for b.Loop() {
		c.Convert(dst, src, Limited)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}
