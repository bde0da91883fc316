package processors

import (
	"fmt"
	"testing"

	"github.com/lkbot/lkbot/processors/segmentation"
)

var benchSizes = [][2]int{{640, 480}, {1280, 720}}

func reportFrameTime(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkComposite measures the blur of the background and its blend
// with the frame, given a refined mask, on one goroutine.
func BenchmarkComposite(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			e := newEffect(b, WithBlur(DefaultBlurRadius))
			frame := scaled(loadPhoto(b, "messi5.jpg"), sz[0], sz[1])
			e.Process(cloneFrame(frame))
			work := cloneFrame(frame)
			for b.Loop() {
				copy(work.Y, frame.Y) // keep the input the same each time
				e.blur.run(work, e.front, DefaultBlurRadius)
				e.comp.composite(work, e.front, backdrop{blur: &e.blur})
			}
			reportFrameTime(b)
		})
	}
}

// BenchmarkRefineComposite measures mask refinement (temporal smoothing
// and the guided filter, from the model's mask) plus the blur composite,
// on one goroutine: the per-frame cost besides the model at stride 1.
func BenchmarkRefineComposite(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			e := newEffect(b, WithBlur(DefaultBlurRadius))
			frame := scaled(loadPhoto(b, "messi5.jpg"), sz[0], sz[1])
			e.Process(cloneFrame(frame))
			work := cloneFrame(frame)
			r := e.ref
			for b.Loop() {
				copy(work.Y, frame.Y)
				r.refineMask(work, e.front)
				e.blur.run(work, e.front, DefaultBlurRadius)
				e.comp.composite(work, e.front, backdrop{blur: &e.blur})
			}
			reportFrameTime(b)
		})
	}
}

// BenchmarkProcess measures the whole blur processor on 720p frames
// (model, refinement, blur, blend) on one goroutine, with the model on
// every frame and on every other frame.
func BenchmarkProcess(b *testing.B) {
	frame := scaled(loadPhoto(b, "messi5.jpg"), 1280, 720)
	for _, model := range []segmentation.ModelKind{segmentation.Landscape, segmentation.General} {
		for _, stride := range []int{1, 2} {
			b.Run(fmt.Sprintf("720p/%v/stride=%d", model, stride), func(b *testing.B) {
				e := newEffect(b, WithBlur(DefaultBlurRadius), WithModel(model), WithStride(stride))
				work := cloneFrame(frame)
				for b.Loop() {
					copy(work.Y, frame.Y)
					e.Process(work)
				}
				reportFrameTime(b)
			})
		}
	}
}
