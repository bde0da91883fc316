package decode

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkDecode reports the CPU one decoding subscriber spends per frame
// of the synthetic camera at 30 frames/s and the bitrate LiveKit's presets
// give, stamp reading included: what --decode-sample costs a load test.
func BenchmarkDecode(b *testing.B) {
	for _, c := range []Codec{VP8, VP9} {
		for _, size := range []struct{ w, h int }{{640, 360}, {1280, 720}} {
			b.Run(fmt.Sprintf("%s/%dx%d", c, size.w, size.h), func(b *testing.B) {
				clip := encodedClip(b, c, size.w, size.h, 90)
				d := newDecoder(b, c)
				b.ResetTimer()
				start := time.Now()
				for i := range b.N {
					k := i % len(clip)
					img, err := d.Decode(clip[k])
					if err != nil {
						b.Fatal(err)
					}
					if s := stampOf(b, img); int(s.Frame) != k {
						b.Fatalf("frame %d reads %d", k, s.Frame)
					}
				}
				b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/frame")
			})
		}
	}
}
