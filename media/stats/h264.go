package stats

import "github.com/lkbot/lkbot/media/h264"

// H.264 NAL unit types (RFC 6184 table 1, H.264 table 7-1) this package
// looks at.
const (
	naluIDR   = 5
	naluSPS   = 7
	naluSTAPA = 24
	naluFUA   = 28
)

// h264Inspector finds keyframes and the SPS resolution in H.264 RTP
// payloads (RFC 6184). It keeps the SPS unescape buffer between packets.
type h264Inspector struct {
	sps h264.SPSParser
}

// inspect handles single NAL unit, STAP-A and FU-A packets; other
// packetization modes are ignored.
func (h *h264Inspector) inspect(payload []byte) frameInfo {
	var fi frameInfo
	if len(payload) == 0 {
		return fi
	}
	switch t := payload[0] & 0x1f; {
	case t >= 1 && t <= 23:
		h.nalu(payload, &fi)
	case t == naluSTAPA:
		for rest := payload[1:]; len(rest) > 2; {
			n := int(rest[0])<<8 | int(rest[1])
			if n == 0 || n > len(rest)-2 {
				break
			}
			h.nalu(rest[2:2+n], &fi)
			rest = rest[2+n:]
		}
	case t == naluFUA:
		// The FU header's S bit marks the fragment that starts the NAL unit.
		if len(payload) < 2 || payload[1]&0x80 == 0 {
			break
		}
		switch payload[1] & 0x1f {
		case naluIDR, naluSPS:
			fi.keyframe = true
		}
	}
	return fi
}

// nalu updates fi from one complete NAL unit.
func (h *h264Inspector) nalu(n []byte, fi *frameInfo) {
	switch n[0] & 0x1f {
	case naluIDR:
		fi.keyframe = true
	case naluSPS:
		fi.keyframe = true
		if s, err := h.sps.Parse(n); err == nil {
			fi.width, fi.height = s.Width, s.Height
		}
	}
}
