package processors

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lkbot/lkbot/processors/segmentation"
)

// noisy returns f with sensor-like noise: Gaussian, sigma 2 levels on
// luma and 1 on chroma.
func noisy(f *image.YCbCr, rng *rand.Rand) *image.YCbCr {
	out := cloneFrame(f)
	add := func(p []uint8, sigma float64) {
		for i, v := range p {
			p[i] = uint8(min(max(float64(v)+rng.NormFloat64()*sigma+0.5, 0), 255))
		}
	}
	add(out.Y, 2)
	add(out.Cb, 1)
	add(out.Cr, 1)
	return out
}

// maskChange is the mean absolute difference of two masks over the
// points in band, in [0, 1].
func maskChange(a, b []uint8, band []int) float64 {
	var sum int
	for _, i := range band {
		d := int(a[i]) - int(b[i])
		sum += max(d, -d)
	}
	return float64(sum) / float64(len(band)) / 255
}

// edgeBand returns the points of a w x h binary mask within r points of
// its edge: where the mask flickers, if it does. Far from the person's
// outline every mask is steady, so a frame-wide mean would say little.
func edgeBand(m []uint8, w, h, r int) []int {
	var band []int
	for y := range h {
		for x := range w {
			lo, hi := uint8(255), uint8(0)
			for yy := max(y-r, 0); yy <= min(y+r, h-1); yy++ {
				for xx := max(x-r, 0); xx <= min(x+r, w-1); xx++ {
					lo, hi = min(lo, m[yy*w+xx]), max(hi, m[yy*w+xx])
				}
			}
			if lo != hi {
				band = append(band, y*w+x)
			}
		}
	}
	return band
}

// TestTemporalStability feeds the same photo 60 times with fresh sensor
// noise: the refined soft mask must change by at most 1% per frame on
// average, while the model's mask thresholded at 0.5 (a binary mask, as
// the web SDK uses) flickers more than that. Both are measured within 4
// pixels of the person's outline, where masks flicker; over the whole
// frame the person is too small a part of this photo for the mean to
// tell them apart.
func TestTemporalStability(t *testing.T) {
	frames := 60
	if raceEnabled {
		frames = 15
	}
	photo := loadPhoto(t, "messi5.jpg")
	rng := rand.New(rand.NewPCG(1, 2))
	e := newEffect(t, WithBlur(DefaultBlurRadius))
	seg, err := segmentation.NewSegmenter(segmentation.Landscape)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	var raw, full segmentation.Mask
	var band []int
	var soft, binary, prevSoft, prevBinary []uint8
	var softSum, binarySum, worst float64
	for i := range frames {
		in := noisy(photo, rng)
		frame := cloneFrame(in)
		e.Process(frame)
		mask := image.NewGray(in.Rect)
		if err := e.AlphaInto(in, mask); err != nil {
			t.Fatal(err)
		}
		soft = mask.Pix
		if err := seg.Segment(in, &raw); err != nil {
			t.Fatal(err)
		}
		raw.ResizeInto(&full, in.Rect.Dx(), in.Rect.Dy())
		binary = make([]uint8, len(full.Conf))
		for j, c := range full.Conf {
			if c >= 0.5 {
				binary[j] = 255
			}
		}
		if i == 0 {
			band = edgeBand(binary, in.Rect.Dx(), in.Rect.Dy(), 4)
		}
		if i > 0 {
			s := maskChange(soft, prevSoft, band)
			softSum += s
			worst = math.Max(worst, s)
			binarySum += maskChange(binary, prevBinary, band)
		}
		prevSoft, prevBinary = soft, binary
	}
	softMean, binaryMean := softSum/float64(frames-1), binarySum/float64(frames-1)
	t.Logf("mean mask change per frame: refined soft %.4f (worst %.4f), binary %.4f", softMean, worst, binaryMean)
	if softMean > 0.01 {
		t.Errorf("refined mask changes by %.4f per frame, want <= 0.01", softMean)
	}
	if binaryMean <= 0.01 {
		t.Errorf("binary mask changes by %.4f per frame; the test no longer shows the flicker it guards against", binaryMean)
	}
}
