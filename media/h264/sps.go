package h264

import "github.com/lkbot/lkbot/media/bitstream"

// nalTypeSPS is nal_unit_type 7 (H.264 table 7-1).
const nalTypeSPS = 7

// Limits that keep arithmetic on hostile input far from overflow; real
// streams stay well inside them (level 6.2 tops out at 8192x4320).
const (
	maxSPSMacroblocks = 1 << 12 // per dimension: 65536 pixels
	maxPOCCycle       = 255     // num_ref_frames_in_pic_order_cnt_cycle
)

// SPS is what lkbot reads from a sequence parameter set.
type SPS struct {
	// Width and Height are the displayed size in pixels, after frame
	// cropping.
	Width, Height int
	// FPS is time_scale / (2 * num_units_in_tick) from the VUI timing
	// information, or 0 when the SPS has none or it is outside 1 to 240.
	FPS float64
}

// ParseSPS reads an SPS NAL unit (ITU-T H.264 7.3.2.1.1 and E.1.1): nal
// starts with its header byte and still holds its emulation prevention
// bytes. It never panics: malformed input yields ErrNotSPS, ErrTruncated
// or ErrInvalidSPS.
func ParseSPS(nal []byte) (SPS, error) {
	var p SPSParser
	return p.Parse(nal)
}

// SPSParser is ParseSPS with a buffer for the unescaped payload that it
// keeps between calls, so that a receiver that meets an SPS at every
// keyframe does not allocate. The zero value is ready to use; a parser is
// not safe for concurrent use.
type SPSParser struct {
	rbsp []byte
}

// Parse is ParseSPS.
func (p *SPSParser) Parse(nal []byte) (SPS, error) {
	if len(nal) < 1 || nal[0]&0x1f != nalTypeSPS {
		return SPS{}, ErrNotSPS
	}
	p.rbsp = appendRBSP(p.rbsp[:0], nal[1:])
	br := bitstream.NewBitReader(p.rbsp)
	sps, err := readSize(&br)
	if err != nil {
		return SPS{}, err
	}
	if br.Flag() { // vui_parameters_present_flag
		sps.FPS = readVUIRate(&br)
	}
	return sps, nil
}

// readSize walks the SPS fields up to frame cropping.
func readSize(br *bitstream.BitReader) (SPS, error) {
	profile := br.U(8)
	br.U(16) // constraint_set flags, reserved bits, level_idc
	if br.UE() > 31 {
		return SPS{}, ErrInvalidSPS // seq_parameter_set_id
	}
	chroma, separatePlanes, err := readChromaInfo(br, profile)
	if err != nil {
		return SPS{}, err
	}
	if br.UE() > 12 {
		return SPS{}, ErrInvalidSPS // log2_max_frame_num_minus4
	}
	if err := skipPicOrderCnt(br); err != nil {
		return SPS{}, err
	}
	br.UE() // max_num_ref_frames
	br.U(1) // gaps_in_frame_num_value_allowed_flag
	mbW := br.UE() + 1
	mapH := br.UE() + 1
	frameMBsOnly := br.Flag()
	if !frameMBsOnly {
		br.U(1) // mb_adaptive_frame_field_flag
	}
	br.U(1) // direct_8x8_inference_flag
	var cropL, cropR, cropT, cropB uint32
	if br.Flag() {
		cropL, cropR, cropT, cropB = br.UE(), br.UE(), br.UE(), br.UE()
	}
	if br.Overrun() {
		return SPS{}, ErrTruncated
	}
	if mbW > maxSPSMacroblocks || mapH > maxSPSMacroblocks ||
		max(cropL, cropR, cropT, cropB) > maxSPSMacroblocks*32 {
		return SPS{}, ErrInvalidSPS
	}

	fieldFactor := 2
	if frameMBsOnly {
		fieldFactor = 1
	}
	cropX, cropY := cropUnits(chroma, separatePlanes, fieldFactor)
	w := int(mbW)*16 - int(cropL+cropR)*cropX
	h := fieldFactor*int(mapH)*16 - int(cropT+cropB)*cropY
	if w <= 0 || h <= 0 {
		return SPS{}, ErrInvalidSPS
	}
	return SPS{Width: w, Height: h}, nil
}

// readChromaInfo reads the fields only high profiles carry; the others
// imply 4:2:0.
func readChromaInfo(br *bitstream.BitReader, profile uint32) (chroma uint32, separatePlanes bool, err error) {
	switch profile {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
	default:
		return 1, false, nil
	}
	chroma = br.UE()
	if chroma > 3 {
		return 0, false, ErrInvalidSPS
	}
	if chroma == 3 {
		separatePlanes = br.Flag()
	}
	if br.UE() > 6 || br.UE() > 6 {
		return 0, false, ErrInvalidSPS // bit_depth_luma/chroma_minus8
	}
	br.U(1)        // qpprime_y_zero_transform_bypass_flag
	if br.Flag() { // seq_scaling_matrix_present_flag
		lists := 8
		if chroma == 3 {
			lists = 12
		}
		for i := 0; i < lists; i++ {
			if !br.Flag() {
				continue
			}
			size := 16
			if i >= 6 {
				size = 64
			}
			skipScalingList(br, size)
		}
	}
	if br.Overrun() {
		return 0, false, ErrTruncated
	}
	return chroma, separatePlanes, nil
}

// skipScalingList consumes one scaling_list() (H.264 7.3.2.1.1.1).
func skipScalingList(br *bitstream.BitReader, size int) {
	last, next := int32(8), int32(8)
	for j := 0; j < size && !br.Overrun(); j++ {
		if next != 0 {
			next = (last + br.SE() + 256) % 256
		}
		if next != 0 {
			last = next
		}
	}
}

// skipPicOrderCnt consumes the pic_order_cnt_type dependent fields.
func skipPicOrderCnt(br *bitstream.BitReader) error {
	switch br.UE() {
	case 0:
		if br.UE() > 12 {
			return ErrInvalidSPS // log2_max_pic_order_cnt_lsb_minus4
		}
	case 1:
		br.U(1) // delta_pic_order_always_zero_flag
		br.SE() // offset_for_non_ref_pic
		br.SE() // offset_for_top_to_bottom_field
		n := br.UE()
		if n > maxPOCCycle {
			return ErrInvalidSPS
		}
		for i := uint32(0); i < n && !br.Overrun(); i++ {
			br.SE() // offset_for_ref_frame[i]
		}
	case 2:
	default:
		return ErrInvalidSPS
	}
	if br.Overrun() {
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

// readVUIRate reads vui_parameters() up to timing_info (H.264 E.1.1) and
// returns time_scale / (2 * num_units_in_tick), or 0 when absent or
// implausible.
func readVUIRate(br *bitstream.BitReader) float64 {
	if br.Flag() { // aspect_ratio_info_present_flag
		if br.U(8) == 255 { // Extended_SAR
			br.U(32) // sar_width, sar_height
		}
	}
	if br.Flag() { // overscan_info_present_flag
		br.U(1)
	}
	if br.Flag() { // video_signal_type_present_flag
		br.U(4) // video_format, video_full_range_flag
		if br.Flag() {
			br.U(24) // colour_primaries, transfer, matrix
		}
	}
	if br.Flag() { // chroma_loc_info_present_flag
		br.UE()
		br.UE()
	}
	if !br.Flag() { // timing_info_present_flag
		return 0
	}
	units, scale := br.U(32), br.U(32)
	if br.Overrun() || units == 0 {
		return 0
	}
	fps := float64(scale) / (2 * float64(units))
	if fps < 1 || fps > 240 {
		return 0
	}
	return fps
}
