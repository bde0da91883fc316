package reception

import (
	"github.com/pion/rtp/codecs"

	"github.com/lkbot/lkbot/media/h264"
)

// H.264 NAL unit types (H.264 table 7-1).
const (
	nalIDR = 5
	nalSPS = 7
	nalPPS = 8
)

// h264Head: a packet that is not the continuation of a fragmented NAL
// unit (RFC 6184 5.8).
func h264Head(p []byte) bool { return (&codecs.H264Packet{}).IsPartitionHead(p) }

// h264State is the H.264 state a Track keeps between frames: whether parameter
// sets were seen (an IDR without them cannot start a file) and the size
// from the latest SPS.
type h264State struct {
	sps           h264.SPSParser
	haveSPS       bool
	havePPS       bool
	width, height int
}

// unpackH264 depacketises an access unit to Annex B. A keyframe is one
// with an IDR slice once an SPS and a PPS have been seen; its size is that
// of the latest SPS.
func unpackH264(u *unpacker, payloads [][]byte, size int) (Frame, bool) {
	var d codecs.H264Packet // fresh per frame: no fragment left over from a lost one
	data := make([]byte, 0, size+4*len(payloads)+16)
	for _, p := range payloads {
		b, err := d.Unmarshal(p)
		if err != nil {
			return Frame{}, false
		}
		data = append(data, b...)
	}
	idr := u.h264.scan(data)
	f := Frame{Data: data, Key: idr && u.h264.haveSPS && u.h264.havePPS}
	if f.Key {
		f.Width, f.Height = u.h264.width, u.h264.height
	}
	return f, len(data) > 0
}

// scan walks the Annex B NAL units of an access unit, noting parameter
// sets and reading sizes from SPSs; it reports whether it holds an IDR.
func (h *h264State) scan(b []byte) (idr bool) {
	for {
		start := nextStartCode(b)
		if start < 0 {
			return idr
		}
		b = b[start:]
		end := nextStartCode(b)
		nal := b
		if end >= 0 {
			nal = b[:end-3]
		}
		if len(nal) > 0 {
			switch nal[0] & 0x1f {
			case nalIDR:
				idr = true
			case nalPPS:
				h.havePPS = true
			case nalSPS:
				if s, err := h.sps.Parse(nal); err == nil && s.Width > 0 && s.Height > 0 {
					h.haveSPS, h.width, h.height = true, s.Width, s.Height
				}
			}
		}
		if end < 0 {
			return idr
		}
		b = b[end-3:]
	}
}

// nextStartCode returns the offset just past the first 00 00 01 in b, or
// -1. A four-byte start code leaves its leading zero on the previous NAL
// unit, which the SPS parser ignores as trailing data.
func nextStartCode(b []byte) int {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0 && b[i+1] == 0 && b[i+2] == 1 {
			return i + 3
		}
	}
	return -1
}
