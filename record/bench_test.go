package record

import (
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/synthetic"
)

// BenchmarkRecordVP8720p30 records a 720p30 VP8 track, the synthetic
// camera encoded at 1.7 Mbit/s: RTP packets in, through the jitter buffer
// and frame assembly, into a WebM file on disk. It reports the CPU one
// such track costs per second of media (cpu-ms/s) and per packet.
func BenchmarkRecordVP8720p30(b *testing.B) {
	const fps, frames = 30, 90
	src, err := synthetic.NewVideoSource(1280, 720, fps)
	if err != nil {
		b.Fatal(err)
	}
	enc, err := encode.NewVideoEncoder(encode.VideoParams{Codec: encode.VP8, Width: 1280, Height: 720, FPS: fps, BitrateBps: 1_700_000})
	if err != nil {
		b.Fatal(err)
	}
	defer enc.Close()
	img := synthetic.NewFrame(1280, 720)
	packetizer := rtp.NewPacketizer(1200, 96, 1, &codecs.VP8Payloader{}, rtp.NewRandomSequencer(), 90000)
	var stream [][]*rtp.Packet
	start := time.Now()
	for i := range frames {
		src.Next(img, uint32(i), start.Add(time.Duration(i)*time.Second/fps))
		data, _, err := enc.Encode(img)
		if err != nil {
			b.Fatal(err)
		}
		stream = append(stream, packetizer.Packetize(data, 90000/fps))
	}
	rec, err := New(Params{Config: Config{Dir: b.TempDir()}})
	if err != nil {
		b.Fatal(err)
	}
	defer rec.Close()
	w := rec.Open(bot.ReceivedTrackInfo{Participant: "p", SID: "TR_bench", Source: "camera", Kind: "video", MimeType: "video/VP8", ClockRate: 90000, RequestKeyframe: func() {}})
	defer w.Close()
	packets := 0
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		// Each pass continues the stream: later RTP times and sequence
		// numbers, one frame period apart.
		for i, pkts := range stream {
			frame := n*frames + i
			for _, p := range pkts {
				q := *p
				q.Timestamp = uint32(frame * 90000 / fps)
				q.SequenceNumber = uint16(packets)
				w.WriteRTP(&q, start.Add(time.Duration(frame)*time.Second/fps))
				packets++
			}
		}
	}
	b.StopTimer()
	perFrame := float64(b.Elapsed().Nanoseconds()) / float64(b.N*frames)
	b.ReportMetric(perFrame*fps/1e6, "cpu-ms/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(packets), "ns/packet")
}
