package segmentation

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lkbot/lkbot/processors/segmentation/tflite"
)

// TestMatchesMediaPipe compares the interpreter with MediaPipe's own
// runtime: testdata/reference holds, for each photo and model, the model
// input as an RGB image and the mask MediaPipe's WebAssembly build made
// from it in a browser (see testdata/reference/README.md). MediaPipe's
// mask comes as 8-bit alpha, computed on the GPU, so the comparison allows
// for rounding and half-precision arithmetic.
func TestMatchesMediaPipe(t *testing.T) {
	for _, tc := range []struct {
		kind ModelKind
		name string
	}{
		{General, "messi5_general"}, {Landscape, "messi5_landscape"},
		{General, "lake_general"}, {Landscape, "lake_landscape"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := readPNG(t, tc.name+".input.png")
			want := readPNG(t, tc.name+".mask.png")
			data, err := tc.kind.data()
			if err != nil {
				t.Fatal(err)
			}
			m, err := tflite.LoadModel(data)
			if err != nil {
				t.Fatal(err)
			}
			it := tflite.NewInterpreter(m)
			defer it.Close()
			shape := it.Input(0).Shape
			b := in.Bounds()
			if b.Dx() != shape[2] || b.Dy() != shape[1] || !want.Bounds().Eq(b) {
				t.Fatalf("reference images are %v and %v, model input is %v", b, want.Bounds(), shape)
			}
			x := it.Input(0).Data
			for y := 0; y < b.Dy(); y++ {
				for xx := 0; xx < b.Dx(); xx++ {
					r, g, bl, _ := in.At(xx, y).RGBA()
					i := (y*b.Dx() + xx) * 3
					x[i], x[i+1], x[i+2] = float32(r>>8)/255, float32(g>>8)/255, float32(bl>>8)/255
				}
			}
			if err := it.Run(); err != nil {
				t.Fatal(err)
			}
			got := it.Output(0).Data
			var sum, worst float64
			off, inter, union := 0, 0, 0
			for y := 0; y < b.Dy(); y++ {
				for xx := 0; xx < b.Dx(); xx++ {
					a, _, _, _ := want.At(xx, y).RGBA()
					ref := float64(a>>8) / 255
					d := math.Abs(float64(got[y*b.Dx()+xx]) - ref)
					gotIn, refIn := got[y*b.Dx()+xx] >= 0.5, ref >= 0.5
					if gotIn && refIn {
						inter++
					}
					if gotIn || refIn {
						union++
					}
					sum += d
					worst = math.Max(worst, d)
					if d > 0.1 {
						off++
					}
				}
			}
			n := float64(b.Dx() * b.Dy())
			iou := 1.0 // both empty (no person) is perfect agreement
			if union > 0 {
				iou = float64(inter) / float64(union)
			}
			t.Logf("IoU at 0.5 %.4f, mean |difference| %.4f, largest %.3f, %.2f%% of pixels off by more than 0.1", iou, sum/n, worst, 100*float64(off)/n)
			// The goal: IoU at least 0.98 and mean difference at most 0.02.
			if iou < 0.98 {
				t.Errorf("IoU %.4f with MediaPipe's mask at threshold 0.5, want at least 0.98", iou)
			}
			// Measured: mean 0.0001-0.0003, largest 0.03-0.09.
			if sum/n > 0.002 || worst > 0.2 {
				t.Errorf("mask differs from MediaPipe's: mean |difference| %.4f, largest %.3f", sum/n, worst)
			}
		})
	}
}

func readPNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
