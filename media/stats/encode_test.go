//go:build cgo

package stats

import (
	"bytes"
	"image"
	"testing"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/openh264"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

// realCodec is a real encoder and the RTP payloader that goes with it.
type realCodec struct {
	name      string
	mimeType  string
	encoder   func() (codec.VideoEncoderBuilder, error)
	payloader func() rtp.Payloader
}

var realCodecs = []realCodec{
	{
		name: "VP8", mimeType: "video/VP8",
		encoder: func() (codec.VideoEncoderBuilder, error) {
			p, err := vpx.NewVP8Params()
			p.LagInFrames = 0
			p.BitRate = 1_000_000
			return &p, err
		},
		payloader: func() rtp.Payloader { return &codecs.VP8Payloader{EnablePictureID: true} },
	},
	{
		name: "VP9", mimeType: "video/VP9",
		encoder: func() (codec.VideoEncoderBuilder, error) {
			p, err := vpx.NewVP9Params()
			p.LagInFrames = 0
			p.BitRate = 1_000_000
			return &p, err
		},
		payloader: func() rtp.Payloader { return &codecs.VP9Payloader{} },
	},
	{
		// Flexible mode carries no scalability structure: the size must
		// come from the VP9 keyframe header.
		name: "VP9-flexible", mimeType: "video/VP9",
		encoder: func() (codec.VideoEncoderBuilder, error) {
			p, err := vpx.NewVP9Params()
			p.LagInFrames = 0
			p.BitRate = 1_000_000
			return &p, err
		},
		payloader: func() rtp.Payloader { return &codecs.VP9Payloader{FlexibleMode: true} },
	},
	{
		name: "H264", mimeType: "video/H264",
		encoder: func() (codec.VideoEncoderBuilder, error) {
			p, err := openh264.NewParams()
			p.BitRate = 1_000_000
			return &p, err
		},
		payloader: func() rtp.Payloader { return &codecs.H264Payloader{} },
	},
}

// encode returns n encoded frames of a moving gradient; the first is a
// keyframe.
func encode(t testing.TB, c realCodec, w, h, n int) [][]byte {
	t.Helper()
	builder, err := c.encoder()
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	tick := 0
	src := video.ReaderFunc(func() (image.Image, func(), error) {
		for i := range img.Y {
			img.Y[i] = byte(i%w + tick*4)
		}
		tick++
		return img, func() {}, nil
	})
	enc, err := builder.BuildVideoEncoder(src, prop.Media{Video: prop.Video{
		Width: w, Height: h, FrameRate: 30, FrameFormat: frame.FormatI420,
	}})
	if err != nil {
		t.Fatalf("%s encoder: %v", c.name, err)
	}
	defer enc.Close()
	var frames [][]byte
	for len(frames) < n {
		data, release, err := enc.Read()
		if err != nil {
			t.Fatalf("%s encode: %v", c.name, err)
		}
		if len(data) > 0 {
			frames = append(frames, bytes.Clone(data))
		}
		release()
	}
	return frames
}

// packetize splits frames into RTP packets 1/30 s apart.
func packetize(c realCodec, frames [][]byte) []*rtp.Packet {
	pz := rtp.NewPacketizer(1200, 96, 0x1234, c.payloader(), rtp.NewFixedSequencer(65530), 90000)
	var pkts []*rtp.Packet
	for _, f := range frames {
		pkts = append(pkts, pz.Packetize(f, 3000)...)
	}
	return pkts
}

// annexBNALUs splits an Annex B byte stream on its start codes.
func annexBNALUs(b []byte) [][]byte {
	var out [][]byte
	for _, n := range bytes.Split(b, []byte{0, 0, 1}) {
		n = bytes.TrimRight(n, "\x00")
		if len(n) > 0 {
			out = append(out, n)
		}
	}
	return out
}
