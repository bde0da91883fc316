package reception

import (
	"errors"
	"strings"

	"github.com/pion/rtp/codecs"

	"github.com/lkbot/lkbot/media/stats"
)

// codec is what a Track needs to know of one codec.
type codec struct {
	name      string
	video     bool
	clockRate uint32
	// head reports whether an RTP payload can start a frame; tail whether
	// it ends one. The sample builder groups packets by tail (or a
	// timestamp change) and checks head on a frame's first packet.
	head func(payload []byte) bool
	tail func(marker bool, payload []byte) bool
	// unpack depacketises one frame's payloads, in sequence order, into
	// a new buffer, and says whether it is a keyframe and, if so and it
	// codes one, its size. ok is false for malformed payloads.
	unpack func(u *unpacker, payloads [][]byte, size int) (f Frame, ok bool)
}

// errShortCopy never happens: every copy has its sequence number.
var errShortCopy = errors.New("packet copy without its sequence number")

// lookupCodec returns the codec of a MIME type, nil if unsupported.
func lookupCodec(mimeType string) *codec {
	switch strings.ToLower(mimeType) {
	case "video/vp8":
		return &codec{name: "VP8", video: true, clockRate: 90000, head: vp8Head, tail: markerTail, unpack: unpackVP8}
	case "video/vp9":
		return &codec{name: "VP9", video: true, clockRate: 90000, head: vp9Head, tail: markerTail, unpack: unpackVP9}
	case "video/h264":
		return &codec{name: "H264", video: true, clockRate: 90000, head: h264Head, tail: markerTail, unpack: unpackH264}
	case "audio/opus":
		return &codec{name: "opus", clockRate: 48000, head: anyHead, tail: anyTail, unpack: unpackOpus}
	}
	return nil
}

func markerTail(marker bool, _ []byte) bool { return marker }

// Every Opus packet is a whole frame.
func anyHead([]byte) bool       { return true }
func anyTail(bool, []byte) bool { return true }

// vp8Head: the descriptor's S bit with partition index 0 (RFC 7741 4.2); a
// sender that starts each partition with S set starts only one frame.
func vp8Head(p []byte) bool { return len(p) > 0 && p[0]&0x10 != 0 && p[0]&0x07 == 0 }

// vp9Head: the descriptor's B bit, the start of a (layer) frame.
func vp9Head(p []byte) bool { return len(p) > 0 && p[0]&0x08 != 0 }

// unpacker holds a Track's depacketisers, reused frame to frame.
type unpacker struct {
	vp8  codecs.VP8Packet
	vp9  codecs.VP9Packet
	h264 h264State
}

func unpackVP8(u *unpacker, payloads [][]byte, size int) (Frame, bool) {
	data := make([]byte, 0, size)
	for _, p := range payloads {
		b, err := u.vp8.Unmarshal(p)
		if err != nil {
			return Frame{}, false
		}
		data = append(data, b...)
	}
	f := Frame{Data: data}
	f.Width, f.Height, f.Key = stats.VP8KeyframeSize(payloads[0])
	return f, len(data) > 0
}

func unpackVP9(u *unpacker, payloads [][]byte, size int) (Frame, bool) {
	data := make([]byte, 0, size)
	for _, p := range payloads {
		b, err := u.vp9.Unmarshal(p)
		if err != nil {
			return Frame{}, false
		}
		data = append(data, b...)
	}
	f := Frame{Data: data}
	f.Width, f.Height, f.Key = stats.VP9KeyframeSize(payloads[0])
	return f, len(data) > 0
}

func unpackOpus(_ *unpacker, payloads [][]byte, size int) (Frame, bool) {
	data := make([]byte, 0, size)
	for _, p := range payloads {
		data = append(data, p...)
	}
	return Frame{Data: data, Key: true}, len(data) > 0
}

// rawChunks is the sample builder's depacketiser. The Track hands the
// builder copies whose payload starts with the packet's sequence number
// (2 bytes), and rawChunks "depacketises" a packet into that number alone:
// a sample's data is the list of its packets' sequence numbers, and the
// Track takes the payloads from its own copies and depacketises them
// itself. That way the Track, not the builder, decides what is a loss
// (pion's builder drops a malformed frame without counting it, and while
// it purges or flushes it builds packets again that it had already handed
// out), H.264 fragment state starts afresh every frame, the first payload
// is at hand for keyframe sizes, and the builder copies 2 bytes a packet
// rather than the frame.
type rawChunks struct {
	c *codec
}

// Unmarshal returns the sequence number in front of payload.
func (r *rawChunks) Unmarshal(payload []byte) ([]byte, error) {
	if len(payload) < seqPrefix {
		return nil, errShortCopy
	}
	return payload[:seqPrefix], nil
}

// IsPartitionHead is true for every payload: the Track checks a frame's
// head itself. pion's builder, when it drops a frame that does not start
// with a head while it purges, also skips the first packet of the frame
// after it, which may be the keyframe that a decoder waits for.
func (r *rawChunks) IsPartitionHead([]byte) bool { return true }

// IsPartitionTail: padding (an empty payload) is a frame of its own, which
// the Track skips, so that it is neither glued to a frame nor counted as
// a loss.
func (r *rawChunks) IsPartitionTail(marker bool, payload []byte) bool {
	return len(payload) <= seqPrefix || r.c.tail(marker, payload[seqPrefix:])
}

// seqPrefix is the sequence number's length in front of a copied payload.
const seqPrefix = 2
