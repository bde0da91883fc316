package segmentation

import (
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkSegment measures a whole Segment call (scaling the frame and
// running the model) per model, on one goroutine and on GOMAXPROCS.
func BenchmarkSegment(b *testing.B) {
	frame := loadFrame(b, "messi5.jpg")
	for _, kind := range []ModelKind{General, Landscape} {
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(kind.String()+"/workers="+strconv.Itoa(workers), func(b *testing.B) {
				s, err := NewSegmenter(kind, WithWorkers(workers))
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				var m Mask
				for b.Loop() {
					if err := s.Segment(frame, &m); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
			})
		}
	}
}

// BenchmarkResizeInto measures scaling a landscape mask to 1280x720.
func BenchmarkResizeInto(b *testing.B) {
	src := Mask{Width: 256, Height: 144, Conf: make([]float32, 256*144)}
	var dst Mask
	for b.Loop() {
		src.ResizeInto(&dst, 1280, 720)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}
