package segmentation

import (
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

func loadFrame(t testing.TB, name string) *image.YCbCr {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	ycc, ok := img.(*image.YCbCr)
	if !ok {
		t.Fatalf("%s decodes to %T, want *image.YCbCr", name, img)
	}
	return ycc
}

// meanIn returns the mean confidence of m over the rectangle r.
func meanIn(m *Mask, r image.Rectangle) float32 {
	var sum float32
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			sum += m.Conf[y*m.Width+x]
		}
	}
	return sum / float32(r.Dx()*r.Dy())
}

func TestSegmentPerson(t *testing.T) {
	frame := loadFrame(t, "messi5.jpg") // 548x342, one player in the middle
	for _, kind := range []ModelKind{General, Landscape} {
		t.Run(kind.String(), func(t *testing.T) {
			s, err := NewSegmenter(kind)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var small, full Mask
			if err := s.Segment(frame, &small); err != nil {
				t.Fatal(err)
			}
			if w, h := s.Size(); small.Width != w || small.Height != h || len(small.Conf) != w*h {
				t.Fatalf("mask %dx%d with %d values, want %dx%d", small.Width, small.Height, len(small.Conf), w, h)
			}
			small.ResizeInto(&full, frame.Rect.Dx(), frame.Rect.Dy())
			regions := []struct {
				name   string
				r      image.Rectangle
				lo, hi float32
			}{
				{"shirt", image.Rect(200, 120, 280, 200), 0.9, 1},
				{"shorts", image.Rect(250, 215, 310, 250), 0.9, 1},
				{"top-left crowd", image.Rect(0, 0, 60, 50), 0, 0.05},
				{"top-right crowd", image.Rect(488, 0, 548, 50), 0, 0.05},
				{"bottom-left grass", image.Rect(0, 290, 60, 342), 0, 0.05},
				{"grass under the player", image.Rect(100, 250, 200, 300), 0, 0.05},
			}
			for _, reg := range regions {
				if m := meanIn(&full, reg.r); m < reg.lo || m > reg.hi {
					t.Errorf("%s: mean confidence %.3f, want in [%g, %g]", reg.name, m, reg.lo, reg.hi)
				}
			}
		})
	}
}

func TestSegmentNoPerson(t *testing.T) {
	frame := loadFrame(t, "lake.jpg") // 380x254: sky, a wooded shore, water
	for _, kind := range []ModelKind{General, Landscape} {
		s, err := NewSegmenter(kind)
		if err != nil {
			t.Fatal(err)
		}
		var small, full Mask
		if err := s.Segment(frame, &small); err != nil {
			t.Fatal(err)
		}
		s.Close()
		small.ResizeInto(&full, frame.Rect.Dx(), frame.Rect.Dy())
		for name, r := range map[string]image.Rectangle{
			"sky":   image.Rect(0, 0, 300, 80),
			"water": image.Rect(0, 140, 300, 254),
		} {
			if m := meanIn(&full, r); m > 0.05 {
				t.Errorf("%v model, %s: mean confidence %.3f, want below 0.05", kind, name, m)
			}
		}
	}
}
