package webm

import (
	"runtime"
	"testing"
	"time"
)

// discard is an Output that keeps nothing, so that the benchmark measures
// the writer, not the disk.
type discard struct{}

func (discard) Write(p []byte) (int, error)            { return len(p), nil }
func (discard) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

var _ Output = discard{}

// BenchmarkWriteVP8720p30 writes 720p30 VP8 frames, a keyframe every 2 s,
// into a file of one track: the CPU and allocations one block costs.
func BenchmarkWriteVP8720p30(b *testing.B) {
	fs := frames(b, encode(b, "720p.ivf", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "2",
		"-c:v", "libvpx", "-b:v", "2M", "-g", "60", "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf"))
	w, err := New(discard{}, "bench.webm", []Track{{Codec: "vp8"}}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	span := fs[len(fs)-1].at + frame30
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	blocks := 0
	for b.Loop() {
		for _, f := range fs {
			// Loops go on in time, as a long recording does.
			if err := w.Write(0, time.Duration(blocks/len(fs))*span+f.at, f.key, f.data); err != nil {
				b.Fatal(err)
			}
			blocks++
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed())/float64(blocks), "ns/block")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(blocks), "allocs/block")
}
