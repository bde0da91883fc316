package processors

import (
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// loadPhoto decodes a photo of the segmentation package's test data into
// an I420 frame.
func loadPhoto(t testing.TB, name string) *image.YCbCr {
	t.Helper()
	f, err := os.Open(filepath.Join("segmentation", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return I420From(img)
}

// cloneFrame returns a deep copy of f.
func cloneFrame(f *image.YCbCr) *image.YCbCr {
	c := *f
	c.Y = append([]uint8(nil), f.Y...)
	c.Cb = append([]uint8(nil), f.Cb...)
	c.Cr = append([]uint8(nil), f.Cr...)
	return &c
}

// scaled returns f scaled to w x h (nearest sample), as a camera of that
// size would deliver the scene.
func scaled(f *image.YCbCr, w, h int) *image.YCbCr {
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	fw, fh := f.Rect.Dx(), f.Rect.Dy()
	for y := range h {
		for x := range w {
			sx, sy := x*fw/w, y*fh/h
			out.Y[y*out.YStride+x] = f.Y[sy*f.YStride+sx]
			if x%2 == 0 && y%2 == 0 {
				out.Cb[(y/2)*out.CStride+x/2] = f.Cb[(sy/2)*f.CStride+sx/2]
				out.Cr[(y/2)*out.CStride+x/2] = f.Cr[(sy/2)*f.CStride+sx/2]
			}
		}
	}
	return out
}
