package encode

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/procstat"
	"github.com/lkbot/lkbot/media/synthetic"
)

// BenchmarkEncode measures single-encoder throughput on one core, with the
// synthetic source's moving picture, as encoded frames/s, and the process's
// CPU time per frame (source included), which other work on the machine
// changes less than wall time. Frames come as fast as the encoder takes
// them, so openh264's rate control may skip some; those are reported and
// not counted.
func BenchmarkEncode(b *testing.B) {
	for _, codecName := range []string{VP8, VP9, H264} {
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
				cpu0 := procstat.CPU()
				var bytes, skipped int
				for i := 0; i < b.N; i++ {
					src.Next(buf, uint32(i), start.Add(time.Duration(i)*time.Second/30))
					data, _, err := enc.Encode(buf)
					if err != nil {
						b.Fatal(err)
					}
					if len(data) == 0 {
						skipped++ // openh264's rate control may skip; not counted as encoded
					}
					bytes += len(data)
				}
				cpu := procstat.CPU() - cpu0
				b.ReportMetric(float64(b.N-skipped)/b.Elapsed().Seconds(), "frames/s")
				b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/frame")
				b.ReportMetric(float64(skipped), "skipped")
				b.ReportMetric(float64(bytes)*8*30/float64(b.N)/1000, "kbps@30fps")
			})
		}
	}
}
