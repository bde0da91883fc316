package sample

import "errors"

// H.264 NAL unit types (ITU-T H.264 table 7-1) that framing looks at.
const (
	naluSlice    = 1
	naluSliceA   = 2 // data partition A, which holds the slice header
	naluIDR      = 5
	naluSEI      = 6
	naluSPS      = 7
	naluPPS      = 8
	naluAUD      = 9
	naluPrefix14 = 14
	naluRes18    = 18
)

// maxSPSMacroblocks bounds each dimension so that size arithmetic on
// hostile input stays small; level 6.2 tops out at 8192x4320.
const maxSPSMacroblocks = 1 << 12

var errBadSPS = errors.New("invalid SPS")

// spsInfo is what the player needs from a sequence parameter set.
type spsInfo struct {
	width, height int
	fps           float64 // from VUI timing_info; 0 when absent
}

// parseSPS reads an SPS NAL unit (header byte included, emulation
// prevention bytes in place) up to the VUI timing information
// (ITU-T H.264 7.3.2.1.1 and E.1.1).
func parseSPS(nal []byte) (spsInfo, error) {
	if len(nal) < 4 || nal[0]&0x1f != naluSPS {
		return spsInfo{}, errBadSPS
	}
	br := &bitReader{buf: unescapeRBSP(nal[1:])}
	profile := br.u(8)
	br.u(16) // constraint flags, level_idc
	if br.ue() > 31 {
		return spsInfo{}, errBadSPS // seq_parameter_set_id
	}
	chroma, err := readChroma(br, profile)
	if err != nil {
		return spsInfo{}, err
	}
	br.ue() // log2_max_frame_num_minus4
	if err := skipPOC(br); err != nil {
		return spsInfo{}, err
	}
	br.ue() // max_num_ref_frames
	br.u(1) // gaps_in_frame_num_value_allowed_flag
	mbW, mapH := br.ue()+1, br.ue()+1
	frameMBsOnly := br.flag()
	if !frameMBsOnly {
		br.u(1) // mb_adaptive_frame_field_flag
	}
	br.u(1) // direct_8x8_inference_flag
	var cropL, cropR, cropT, cropB uint32
	if br.flag() {
		cropL, cropR, cropT, cropB = br.ue(), br.ue(), br.ue(), br.ue()
	}
	if br.overrun || mbW > maxSPSMacroblocks || mapH > maxSPSMacroblocks {
		return spsInfo{}, errBadSPS
	}
	// Crop units (7-19 to 7-22): chroma samples, and both fields when
	// frames are coded as field pairs.
	fields := uint32(1)
	if !frameMBsOnly {
		fields = 2
	}
	unitX, unitY := uint32(1), fields
	switch chroma {
	case 1:
		unitX, unitY = 2, 2*fields
	case 2:
		unitX = 2
	}
	w, h := mbW*16, mapH*16*fields
	if cropL+cropR >= w/unitX || cropT+cropB >= h/unitY {
		return spsInfo{}, errBadSPS
	}
	info := spsInfo{width: int(w - unitX*(cropL+cropR)), height: int(h - unitY*(cropT+cropB))}
	if br.flag() { // vui_parameters_present_flag
		info.fps = readVUIRate(br)
	}
	return info, nil
}

// readChroma returns ChromaArrayType: chroma_format_idc, or 0 with separate
// colour planes. Only the high profiles code it; the rest are 4:2:0.
func readChroma(br *bitReader, profile uint32) (uint32, error) {
	switch profile {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
	default:
		return 1, nil
	}
	chroma := br.ue()
	if chroma > 3 {
		return 0, errBadSPS
	}
	separate := chroma == 3 && br.flag()
	br.ue()        // bit_depth_luma_minus8
	br.ue()        // bit_depth_chroma_minus8
	br.u(1)        // qpprime_y_zero_transform_bypass_flag
	if br.flag() { // seq_scaling_matrix_present_flag
		lists := 8
		if chroma == 3 {
			lists = 12
		}
		for i := 0; i < lists; i++ {
			if !br.flag() {
				continue
			}
			n := 16
			if i >= 6 {
				n = 64
			}
			skipScalingList(br, n)
		}
	}
	if separate {
		return 0, nil
	}
	return chroma, nil
}

// skipScalingList reads scaling_list() (7.3.2.1.1.1).
func skipScalingList(br *bitReader, n int) {
	last, next := int32(8), int32(8)
	for j := 0; j < n && !br.overrun; j++ {
		if next != 0 {
			next = (last + br.se() + 256) % 256
		}
		if next != 0 {
			last = next
		}
	}
}

// skipPOC reads the pic_order_cnt_type fields.
func skipPOC(br *bitReader) error {
	switch br.ue() {
	case 0:
		br.ue() // log2_max_pic_order_cnt_lsb_minus4
	case 1:
		br.u(1) // delta_pic_order_always_zero_flag
		br.se() // offset_for_non_ref_pic
		br.se() // offset_for_top_to_bottom_field
		n := br.ue()
		if n > 255 {
			return errBadSPS
		}
		for i := uint32(0); i < n; i++ {
			br.se()
		}
	case 2:
	default:
		return errBadSPS
	}
	return nil
}

// readVUIRate reads the VUI up to timing_info (E.1.1) and returns
// time_scale / (2 * num_units_in_tick), or 0 when absent or implausible.
func readVUIRate(br *bitReader) float64 {
	if br.flag() { // aspect_ratio_info_present_flag
		if br.u(8) == 255 { // Extended_SAR
			br.u(32) // sar_width, sar_height
		}
	}
	if br.flag() { // overscan_info_present_flag
		br.u(1)
	}
	if br.flag() { // video_signal_type_present_flag
		br.u(4) // video_format, video_full_range_flag
		if br.flag() {
			br.u(24) // colour_primaries, transfer, matrix
		}
	}
	if br.flag() { // chroma_loc_info_present_flag
		br.ue()
		br.ue()
	}
	if !br.flag() { // timing_info_present_flag
		return 0
	}
	units, scale := br.u(32), br.u(32)
	if br.overrun || units == 0 {
		return 0
	}
	fps := float64(scale) / (2 * float64(units))
	if fps < 1 || fps > 240 {
		return 0
	}
	return fps
}

// unescapeRBSP returns src without emulation prevention bytes (the 0x03
// in 0x00 0x00 0x03).
func unescapeRBSP(src []byte) []byte {
	dst := make([]byte, 0, len(src))
	zeros := 0
	for _, c := range src {
		if zeros >= 2 && c == 0x03 {
			zeros = 0
			continue
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		dst = append(dst, c)
	}
	return dst
}
