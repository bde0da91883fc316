//go:build cgo

package stats

import (
	"bytes"
	"image"
	"testing"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"

	encodepkg "github.com/lkbot/lkbot/media/encode"
)

// realCodec is one of lkbot's encoders and the RTP payloader that goes
// with it.
type realCodec struct {
	name      string
	mimeType  string
	codec     string // as media/encode names it
	payloader func() rtp.Payloader
}

var realCodecs = []realCodec{
	{name: "VP8", mimeType: "video/VP8", codec: encodepkg.VP8,
		payloader: func() rtp.Payloader { return &codecs.VP8Payloader{EnablePictureID: true} }},
	{name: "VP9", mimeType: "video/VP9", codec: encodepkg.VP9,
		payloader: func() rtp.Payloader { return &codecs.VP9Payloader{} }},
	// Flexible mode carries no scalability structure: the size must come
	// from the VP9 keyframe header.
	{name: "VP9-flexible", mimeType: "video/VP9", codec: encodepkg.VP9,
		payloader: func() rtp.Payloader { return &codecs.VP9Payloader{FlexibleMode: true} }},
	{name: "H264", mimeType: "video/H264", codec: encodepkg.H264,
		payloader: func() rtp.Payloader { return &codecs.H264Payloader{} }},
}

// encode returns n encoded frames of a moving gradient; the first is a
// keyframe.
func encode(t testing.TB, c realCodec, w, h, n int) [][]byte {
	t.Helper()
	enc, err := encodepkg.NewVideoEncoder(encodepkg.VideoParams{
		Codec: c.codec, Width: w, Height: h, FPS: 30, BitrateBps: 1_000_000, KeyFrameInterval: 90,
	})
	if err != nil {
		t.Fatalf("%s encoder: %v", c.name, err)
	}
	defer enc.Close()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	var frames [][]byte
	for tick := 0; len(frames) < n; tick++ {
		for i := range img.Y {
			img.Y[i] = byte(i%w + tick*4)
		}
		data, _, err := enc.Encode(img)
		if err != nil {
			t.Fatalf("%s encode: %v", c.name, err)
		}
		if len(data) > 0 {
			frames = append(frames, bytes.Clone(data))
		}
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
