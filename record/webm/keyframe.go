package webm

import (
	"github.com/lkbot/lkbot/media/bitstream"
	"github.com/lkbot/lkbot/media/h264"
)

// keyframeSize reads the picture size coded in a keyframe; ok is false
// when data is not a keyframe the writer can read.
func keyframeSize(codec string, data []byte) (w, h int, ok bool) {
	switch codec {
	case "vp8":
		return vp8Size(data)
	case "vp9":
		return vp9Size(data)
	case "h264":
		sps, _ := parameterSets(data)
		if len(sps) == 0 {
			return 0, 0, false
		}
		s, err := h264.ParseSPS(sps[0])
		return s.Width, s.Height, err == nil && s.Width > 0 && s.Height > 0
	}
	return 0, 0, false
}

// vp8Size reads a VP8 keyframe header (RFC 6386 9.1): a 3-byte frame tag
// whose bit 0 is 0 for keyframes, the start code 9d 01 2a and two 14-bit
// little-endian dimensions.
func vp8Size(f []byte) (w, h int, ok bool) {
	if len(f) < 10 || f[0]&1 != 0 || f[3] != 0x9d || f[4] != 0x01 || f[5] != 0x2a {
		return 0, 0, false
	}
	w, h = int(f[6])|int(f[7]&0x3f)<<8, int(f[8])|int(f[9]&0x3f)<<8
	return w, h, w > 0 && h > 0
}

// vp9Size reads the uncompressed header of a VP9 keyframe (VP9 bitstream
// specification 6.2) up to frame_size().
func vp9Size(f []byte) (w, h int, ok bool) {
	br := bitstream.NewBitReader(f)
	if br.U(2) != 2 { // frame_marker
		return 0, 0, false
	}
	profile := br.U(1) | br.U(1)<<1
	if profile == 3 {
		br.U(1) // reserved_zero
	}
	if br.Flag() || br.Flag() { // show_existing_frame, frame_type (1 = inter)
		return 0, 0, false
	}
	br.U(2) // show_frame, error_resilient_mode
	if br.U(24) != 0x498342 {
		return 0, 0, false
	}
	if profile >= 2 {
		br.U(1) // ten_or_twelve_bit
	}
	if br.U(3) != 7 { // color_space other than CS_RGB
		br.U(1) // color_range
		if profile == 1 || profile == 3 {
			br.U(3) // subsampling_x, subsampling_y, reserved_zero
		}
	} else if profile == 1 || profile == 3 {
		br.U(1) // reserved_zero
	}
	w, h = int(br.U(16))+1, int(br.U(16))+1
	return w, h, !br.Overrun()
}
