package reception

import (
	"runtime"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// BenchmarkPushVP8 pushes a 720p-like VP8 stream (frames of 6 packets,
// a keyframe each 90 frames) one packet per op, and reports allocations
// per packet on the reception path: what Push and the frames it returns
// cost, with sequence numbers and timestamps running on across b.N.
func BenchmarkPushVP8(b *testing.B) {
	frames := vp8Frames(90, 6500, 1280, 720, 0)
	pkts := vp8Stream(frames, 0, 0)
	tr, err := New(Params{MimeType: "video/VP8", RequestKeyframe: func() {}})
	if err != nil {
		b.Fatal(err)
	}
	perLoop := uint16(len(pkts))
	var bytes int
	for _, s := range pkts {
		bytes += len(s.pkt.Payload)
	}
	b.SetBytes(int64(bytes / len(pkts)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	nframes := 0
	p := &rtp.Packet{} // reused, as a reader reuses its buffer
	for i := range b.N {
		loop, k := i/len(pkts), i%len(pkts)
		p.Header = pkts[k].pkt.Header
		p.Payload = pkts[k].pkt.Payload
		p.SequenceNumber += uint16(loop) * perLoop
		p.Timestamp += uint32(loop) * 90 * step
		nframes += len(tr.Push(p, t0.Add(time.Duration(i)*time.Millisecond)))
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/packet")
	b.ReportMetric(float64(nframes)/float64(b.N), "frames/packet")
}
