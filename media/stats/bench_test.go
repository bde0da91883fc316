package stats

import (
	"runtime"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// benchStream is a cycle of payloads typical of one codec.
type benchStream struct {
	name     string
	mimeType string
	payloads [][]byte
}

func benchStreams() []benchStream {
	sps := spsSpec{profile: 100, chroma: 1, refFrames: 1, mbW: 80, mapH: 45, frameMBsOnly: true}.nalu()
	pps := []byte{0x68, 0xce, 0x3c, 0x80}
	vp8Key := append([]byte{0x90, 0x80, 0x92, 0x34}, vp8Keyframe(1280, 720)...)
	vp9Key := append([]byte{0x80 | 0x20 | vp9B | vp9V, 0x81, 0x23, 0x00, 0x07}, ss3...)
	vp9Key = append(vp9Key, vp9FrameHeader(true, 320, 180)...)
	vp9Inter := append([]byte{0x80 | 0x20 | vp9P | vp9B, 0x81, 0x24, 0x00, 0x08}, vp9FrameHeader(false, 0, 0)...)
	return []benchStream{
		{"VP8", "video/VP8", [][]byte{pad(vp8Key), pad([]byte{0x90, 0x80, 0x92, 0x35, 0x01}), pad([]byte{0x80, 0x80, 0x92, 0x35})}},
		{"VP9", "video/VP9", [][]byte{pad(vp9Key), pad(vp9Inter), pad([]byte{0xa0 | vp9P, 0x81, 0x24, 0x00, 0x08})}},
		{"H264", "video/H264", [][]byte{stapA(sps, pps), pad([]byte{0x7c, 0x85}), pad([]byte{0x7c, 0x45}), pad([]byte{0x41, 0x9a})}},
		{"opus", "audio/opus", [][]byte{pad([]byte{0xfc})}},
	}
}

// pad extends a payload head to a typical 1000-byte packet.
func pad(head []byte) []byte {
	return append(head, make([]byte, 1000-len(head))...)
}

// BenchmarkPush is the cost of measuring one received packet: loss,
// jitter, frame assembly with the keyframe chain, and freezes. Frames are
// 3 packets; with "lossy", 1 packet in 20 is lost and comes back as a
// retransmission 5 packets later.
func BenchmarkPush(b *testing.B) {
	for _, c := range benchStreams() {
		for _, lossy := range []bool{false, true} {
			name := c.name
			if lossy {
				name += "-lossy"
			}
			b.Run(name, func(b *testing.B) { benchPush(b, c, lossy) })
		}
	}
}

func benchPush(b *testing.B, c benchStream, lossy bool) {
	r := NewReceiver(c.mimeType, 90000)
	p, late := &rtp.Packet{}, &rtp.Packet{}
	at := time.Now()
	packet := func(p *rtp.Packet, i int) {
		p.SequenceNumber = uint16(i)
		p.Timestamp = uint32(i/3) * 3000
		p.Marker = i%3 == 2
		p.Payload = c.payloads[i%len(c.payloads)]
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		arrival := at.Add(time.Duration(i) * time.Millisecond)
		switch {
		case lossy && i%20 == 0:
			continue // lost on the media stream
		case lossy && i%20 == 5:
			packet(late, i-5)
			r.PushRepair(late, arrival)
		}
		packet(p, i)
		r.Push(p, arrival)
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/packet")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/packet")
	if q := r.Quality(); c.mimeType != "audio/opus" && b.N > 100 && q.DecodableFrames == 0 {
		b.Fatalf("no frame was decodable: %+v", q)
	}
}
