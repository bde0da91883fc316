package bot

import (
	"encoding/binary"
	"image"
	"io"

	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"

	"github.com/lkbot/lkbot/media/stats"
	"github.com/lkbot/lkbot/media/synthetic"
)

// frameSize reads the picture size a packet announces: a VP8 or VP9
// keyframe header or an H.264 SPS (alone or in a STAP-A).
func frameSize(mime string, p *rtp.Packet) (w, h int, ok bool) {
	switch mime {
	case "video/VP8":
		return stats.VP8KeyframeSize(p.Payload)
	case "video/VP9":
		return stats.VP9KeyframeSize(p.Payload)
	case "video/H264":
		for _, nal := range h264NALs(p.Payload) {
			if nal[0]&0x1f == 7 {
				if w, h, err := stats.H264SPSSize(nal); err == nil {
					return w, h, true
				}
			}
		}
	}
	return 0, 0, false
}

// startsFrame reports whether a packet may begin a frame: for VP9, whose
// payload descriptor says so (B bit), only a layer frame's first packet;
// for the other codecs every packet, so that the first one counts.
func startsFrame(mime string, p *rtp.Packet) bool {
	if mime == "video/VP9" {
		return len(p.Payload) > 0 && p.Payload[0]&0x08 != 0
	}
	return true
}

// startsKeyframe reports whether a packet begins a keyframe.
func startsKeyframe(mime string, p *rtp.Packet) bool {
	switch mime {
	case "video/VP8":
		_, _, ok := stats.VP8KeyframeSize(p.Payload)
		return ok
	case "video/VP9":
		_, _, ok := stats.VP9KeyframeSize(p.Payload)
		return ok
	case "video/H264":
		for _, nal := range h264NALs(p.Payload) {
			if t := nal[0] & 0x1f; t == 5 || t == 7 {
				return true
			}
		}
		if len(p.Payload) > 1 && p.Payload[0]&0x1f == 28 && p.Payload[1]&0x80 != 0 && p.Payload[1]&0x1f == 5 {
			return true
		}
	}
	return false
}

func h264NALs(payload []byte) [][]byte {
	if len(payload) == 0 {
		return nil
	}
	if payload[0]&0x1f != 24 {
		return [][]byte{payload}
	}
	var out [][]byte
	for rest := payload[1:]; len(rest) > 2; {
		n := int(binary.BigEndian.Uint16(rest))
		rest = rest[2:]
		if n == 0 || n > len(rest) {
			break
		}
		out = append(out, rest[:n])
		rest = rest[n:]
	}
	return out
}

// decodeVP8Stamps returns the frame numbers burned into decoded pictures,
// in arrival order.
func decodeVP8Stamps(packets []peerPacket) ([]uint32, error) {
	imgs, err := decodeVP8(packets)
	var out []uint32
	for _, y := range imgs {
		if st, ok := synthetic.ReadStamp(y); ok {
			out = append(out, st.Frame)
		}
	}
	return out, err
}

// decodeVP8 rebuilds VP8 frames from packets, starting at a keyframe, and
// decodes them with mediadevices' libvpx decoder.
func decodeVP8(packets []peerPacket) ([]*image.YCbCr, error) {
	var frames [][]byte
	var cur []byte
	for _, p := range packets {
		var vp8 codecs.VP8Packet
		payload, err := vp8.Unmarshal(p.pkt.Payload)
		if err != nil {
			return nil, err
		}
		if vp8.S == 1 && vp8.PID == 0 {
			cur = cur[:0:0]
		}
		cur = append(cur, payload...)
		if p.pkt.Marker {
			frames = append(frames, cur)
			cur = nil
		}
	}
	r := &frameReader{frames: frames}
	dec, err := vpx.NewDecoder(r, prop.Media{})
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	var out []*image.YCbCr
	for {
		img, release, err := dec.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if y, ok := img.(*image.YCbCr); ok {
			out = append(out, y)
		}
		release()
	}
}

// frameReader hands the decoder one whole frame per Read.
type frameReader struct{ frames [][]byte }

func (r *frameReader) Read(p []byte) (int, error) {
	if len(r.frames) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.frames[0])
	r.frames = r.frames[1:]
	return n, nil
}
