package stats

// Limits that keep arithmetic on hostile input far from overflow; real
// streams stay well inside them (level 6.2 tops out at 8192x4320).
const (
	maxSPSMacroblocks = 1 << 12 // per dimension: 65536 pixels
	maxPOCCycle       = 255     // num_ref_frames_in_pic_order_cnt_cycle
)

// H264SPSSize returns the displayed width and height coded in an H.264
// sequence parameter set (ITU-T H.264 7.3.2.1.1), after frame cropping.
// sps is the whole NAL unit starting with its header byte, emulation
// prevention bytes still in place. It never panics: malformed input yields
// ErrNotSPS, ErrTruncated or ErrInvalidSPS.
func H264SPSSize(sps []byte) (w, h int, err error) {
	return parseSPSSize(sps, nil)
}

// parseSPSSize is H264SPSSize with a caller-owned scratch buffer for the
// unescaped payload, so that the Receiver does not allocate per keyframe.
func parseSPSSize(sps, scratch []byte) (w, h int, err error) {
	if len(sps) < 1 || sps[0]&0x1f != naluSPS {
		return 0, 0, ErrNotSPS
	}
	br := bitReader{buf: unescapeRBSP(scratch[:0], sps[1:])}
	return readSPSSize(&br)
}

// unescapeRBSP appends src to dst with every emulation prevention byte
// (the 0x03 in 0x00 0x00 0x03) removed.
func unescapeRBSP(dst, src []byte) []byte {
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

// readSPSSize walks the SPS fields up to frame cropping.
func readSPSSize(br *bitReader) (w, h int, err error) {
	profile := br.u(8)
	br.u(16) // constraint_set flags, reserved bits, level_idc
	if br.ue() > 31 {
		return 0, 0, ErrInvalidSPS // seq_parameter_set_id
	}
	chroma, separatePlanes, err := readChromaInfo(br, profile)
	if err != nil {
		return 0, 0, err
	}
	if br.ue() > 12 {
		return 0, 0, ErrInvalidSPS // log2_max_frame_num_minus4
	}
	if err := skipPicOrderCnt(br); err != nil {
		return 0, 0, err
	}
	br.ue() // max_num_ref_frames
	br.u(1) // gaps_in_frame_num_value_allowed_flag
	mbW := br.ue() + 1
	mapH := br.ue() + 1
	frameMBsOnly := br.flag()
	if !frameMBsOnly {
		br.u(1) // mb_adaptive_frame_field_flag
	}
	br.u(1) // direct_8x8_inference_flag
	var cropL, cropR, cropT, cropB uint32
	if br.flag() {
		cropL, cropR, cropT, cropB = br.ue(), br.ue(), br.ue(), br.ue()
	}
	if br.overrun {
		return 0, 0, ErrTruncated
	}
	if mbW > maxSPSMacroblocks || mapH > maxSPSMacroblocks ||
		max(cropL, cropR, cropT, cropB) > maxSPSMacroblocks*32 {
		return 0, 0, ErrInvalidSPS
	}

	fieldFactor := 2
	if frameMBsOnly {
		fieldFactor = 1
	}
	cropX, cropY := cropUnits(chroma, separatePlanes, fieldFactor)
	w = int(mbW)*16 - int(cropL+cropR)*cropX
	h = fieldFactor*int(mapH)*16 - int(cropT+cropB)*cropY
	if w <= 0 || h <= 0 {
		return 0, 0, ErrInvalidSPS
	}
	return w, h, nil
}

// readChromaInfo reads the fields only high profiles carry; the others
// imply 4:2:0.
func readChromaInfo(br *bitReader, profile uint32) (chroma uint32, separatePlanes bool, err error) {
	switch profile {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
	default:
		return 1, false, nil
	}
	chroma = br.ue()
	if chroma > 3 {
		return 0, false, ErrInvalidSPS
	}
	if chroma == 3 {
		separatePlanes = br.flag()
	}
	if br.ue() > 6 || br.ue() > 6 {
		return 0, false, ErrInvalidSPS // bit_depth_luma/chroma_minus8
	}
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
			size := 16
			if i >= 6 {
				size = 64
			}
			skipScalingList(br, size)
		}
	}
	if br.overrun {
		return 0, false, ErrTruncated
	}
	return chroma, separatePlanes, nil
}

// skipScalingList consumes one scaling_list() (H.264 7.3.2.1.1.1).
func skipScalingList(br *bitReader, size int) {
	last, next := int32(8), int32(8)
	for j := 0; j < size && !br.overrun; j++ {
		if next != 0 {
			next = (last + br.se() + 256) % 256
		}
		if next != 0 {
			last = next
		}
	}
}

// skipPicOrderCnt consumes the pic_order_cnt_type dependent fields.
func skipPicOrderCnt(br *bitReader) error {
	switch br.ue() {
	case 0:
		if br.ue() > 12 {
			return ErrInvalidSPS // log2_max_pic_order_cnt_lsb_minus4
		}
	case 1:
		br.u(1) // delta_pic_order_always_zero_flag
		br.se() // offset_for_non_ref_pic
		br.se() // offset_for_top_to_bottom_field
		n := br.ue()
		if n > maxPOCCycle {
			return ErrInvalidSPS
		}
		for i := uint32(0); i < n && !br.overrun; i++ {
			br.se() // offset_for_ref_frame[i]
		}
	case 2:
	default:
		return ErrInvalidSPS
	}
	if br.overrun {
		return ErrTruncated
	}
	return nil
}

// cropUnits returns CropUnitX and CropUnitY (H.264 equations 7-19 to 7-22).
func cropUnits(chroma uint32, separatePlanes bool, fieldFactor int) (x, y int) {
	if chroma == 0 || separatePlanes { // ChromaArrayType == 0
		return 1, fieldFactor
	}
	subW, subH := 2, 2 // 4:2:0
	switch chroma {
	case 2: // 4:2:2
		subH = 1
	case 3: // 4:4:4
		subW, subH = 1, 1
	}
	return subW, subH * fieldFactor
}
