package encode

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/synthetic"
)

// BenchmarkEncode measures single-encoder throughput on one core, with the
// synthetic source's moving picture, as frames/s.
func BenchmarkEncode(b *testing.B) {
	for _, codecName := range []string{VP8, H264} {
		for _, size := range [][2]int{{1280, 720}, {640, 360}} {
			b.Run(fmt.Sprintf("%s/%dx%d", codecName, size[0], size[1]), func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
				w, h := size[0], size[1]
				src, err := synthetic.NewVideoSource(w, h, 30)
				if err != nil {
					b.Fatal(err)
				}
				enc, err := NewVideoEncoder(VideoParams{Codec: codecName, Width: w, Height: h, FPS: 30, BitrateBps: DefaultBitrate(w, h), KeyFrameInterval: 120})
				if err != nil {
					b.Fatal(err)
				}
				defer enc.Close()
				buf := synthetic.NewFrame(w, h)
				start := time.Now()
				b.ResetTimer()
				var bytes int
				for i := 0; i < b.N; i++ {
					src.Next(buf, uint32(i), start.Add(time.Duration(i)*time.Second/30))
					data, _, err := enc.Encode(buf)
					if err != nil {
						b.Fatal(err)
					}
					bytes += len(data)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
				b.ReportMetric(float64(bytes)*8*30/float64(b.N)/1000, "kbps@30fps")
			})
		}
	}
}
