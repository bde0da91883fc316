package sample

import (
	"context"
	"testing"
	"time"
)

// BenchmarkIVF720p30 reads a 720p30 VP8 file and sends it, unpaced, into a
// Writer that does nothing: the CPU a Player costs per second of media,
// before the LocalTrack packetizes anything.
func BenchmarkIVF720p30(b *testing.B) {
	path := encode(b, "720p.ivf", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "2",
		"-c:v", "libvpx", "-b:v", "2M", "-g", "60", "-deadline", "realtime", "-cpu-used", "8")
	f, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	p := NewPlayer(f, func(Sample) error { return nil })
	p.unpaced = true
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := p.Run(ctx); err != nil {
			b.Fatal(err)
		}
	}
	st := p.Stats()
	media := time.Duration(st.Sent) * f.Duration() / time.Duration(f.Len())
	b.ReportMetric(float64(b.Elapsed())/float64(st.Sent), "ns/frame")
	b.ReportMetric(float64(b.Elapsed())/float64(time.Millisecond)/media.Seconds(), "ms/media-s")
	b.ReportMetric(float64(st.Bytes)/float64(st.Sent), "B/frame")
}
