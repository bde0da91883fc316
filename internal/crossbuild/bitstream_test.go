package crossbuild

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// vp8KeyframeSize reads the size from the start of a VP8 frame (RFC 6386
// 9.1): a keyframe's 3-byte frame tag, the start code 9d 01 2a, then
// 14-bit width and height. ok is false for an interframe.
func vp8KeyframeSize(frame []byte) (w, h int, ok bool) {
	if len(frame) < 10 || frame[0]&1 != 0 || !bytes.Equal(frame[3:6], []byte{0x9d, 0x01, 0x2a}) {
		return 0, 0, false
	}
	return int(binary.LittleEndian.Uint16(frame[6:8]) & 0x3fff), int(binary.LittleEndian.Uint16(frame[8:10]) & 0x3fff), true
}

// annexBNALs splits an Annex B stream (what pion's H264Packet.Unmarshal
// returns) at its start codes.
func annexBNALs(b []byte) [][]byte {
	var nals [][]byte
	for _, part := range bytes.Split(b, []byte{0, 0, 1}) {
		part = bytes.TrimRight(part, "\x00") // a 4-byte start code's leading zero
		if len(part) > 0 {
			nals = append(nals, part)
		}
	}
	return nals
}

// bitReader reads an H.264 RBSP: bits, and Exp-Golomb codes.
type bitReader struct {
	b   []byte
	pos int // in bits
	err error
}

var errShortSPS = errors.New("sps: too short")

func (r *bitReader) bit() uint {
	if r.pos >= 8*len(r.b) {
		r.err = errShortSPS
		return 0
	}
	v := uint(r.b[r.pos/8]>>(7-r.pos%8)) & 1
	r.pos++
	return v
}

func (r *bitReader) bits(n int) uint {
	var v uint
	for range n {
		v = v<<1 | r.bit()
	}
	return v
}

func (r *bitReader) ue() uint {
	zeros := 0
	for r.bit() == 0 && r.err == nil {
		if zeros++; zeros > 31 {
			r.err = errShortSPS
			return 0
		}
	}
	return 1<<zeros - 1 + r.bits(zeros)
}

func (r *bitReader) se() int {
	v := r.ue()
	if v&1 == 1 {
		return int(v+1) / 2
	}
	return -int(v / 2)
}

// unescapeRBSP drops the emulation prevention bytes (00 00 03).
func unescapeRBSP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	zeros := 0
	for _, c := range b {
		if zeros >= 2 && c == 3 {
			zeros = 0
			continue
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		out = append(out, c)
	}
	return out
}

// h264SPSSize reads the picture size from a sequence parameter set NAL
// unit, header byte included (H.264 7.3.2.1.1), after cropping; 4:2:0 and
// 4:0:0 only, which is what encoders for WebRTC produce.
func h264SPSSize(nal []byte) (w, h int, err error) {
	if len(nal) < 4 || nal[0]&0x1f != 7 {
		return 0, 0, errors.New("sps: not a sequence parameter set")
	}
	r := &bitReader{b: unescapeRBSP(nal[1:])}
	profile := r.bits(8)
	r.bits(16) // constraint flags, level
	r.ue()     // seq_parameter_set_id
	chroma := uint(1)
	switch profile {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
		if chroma = r.ue(); chroma == 3 {
			r.bit() // separate_colour_plane_flag
		}
		r.ue()            // bit_depth_luma_minus8
		r.ue()            // bit_depth_chroma_minus8
		r.bit()           // qpprime_y_zero_transform_bypass_flag
		if r.bit() == 1 { // seq_scaling_matrix_present_flag
			return 0, 0, errors.New("sps: scaling matrices not supported")
		}
	}
	if chroma > 1 {
		return 0, 0, errors.New("sps: only 4:2:0 and 4:0:0 supported")
	}
	r.ue()          // log2_max_frame_num_minus4
	switch r.ue() { // pic_order_cnt_type
	case 0:
		r.ue() // log2_max_pic_order_cnt_lsb_minus4
	case 1:
		r.bit() // delta_pic_order_always_zero_flag
		r.se()  // offset_for_non_ref_pic
		r.se()  // offset_for_top_to_bottom_field
		for n := r.ue(); n > 0 && r.err == nil; n-- {
			r.se()
		}
	}
	r.ue()  // max_num_ref_frames
	r.bit() // gaps_in_frame_num_value_allowed_flag
	mbW, mapH := r.ue()+1, r.ue()+1
	frameMBsOnly := r.bit()
	if frameMBsOnly == 0 {
		r.bit() // mb_adaptive_frame_field_flag
	}
	r.bit() // direct_8x8_inference_flag
	var left, right, top, bottom uint
	if r.bit() == 1 { // frame_cropping_flag
		left, right, top, bottom = r.ue(), r.ue(), r.ue(), r.ue()
	}
	if r.err != nil {
		return 0, 0, r.err
	}
	cropX, cropY := uint(2), 2*(2-frameMBsOnly) // 4:2:0
	if chroma == 0 {
		cropX, cropY = 1, 2-frameMBsOnly
	}
	w = int(mbW*16 - cropX*(left+right))
	h = int((2-frameMBsOnly)*mapH*16 - cropY*(top+bottom))
	return w, h, nil
}
