package stats

import (
	"bytes"
	"errors"
	"testing"
)

// spsSpec describes an SPS for spsNALU to encode.
type spsSpec struct {
	profile      uint32
	chroma       uint32 // written for high profiles only
	separate     bool
	scaling      bool // write every scaling list
	pocType      uint32
	pocCycle     int
	refFrames    uint32
	mbW, mapH    uint32 // pic_width_in_mbs, pic_height_in_map_units (not minus 1)
	frameMBsOnly bool
	crop         [4]uint32 // left, right, top, bottom
}

// nalu encodes s as an SPS NAL unit, emulation prevention included.
func (s spsSpec) nalu() []byte {
	var w bitWriter
	w.u(8, uint64(s.profile))
	w.u(8, 0)  // constraint flags
	w.u(8, 31) // level 3.1
	w.ue(0)    // seq_parameter_set_id
	switch s.profile {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
		w.ue(s.chroma)
		if s.chroma == 3 {
			w.flag(s.separate)
		}
		w.ue(0) // bit_depth_luma_minus8
		w.ue(0) // bit_depth_chroma_minus8
		w.u(1, 0)
		w.flag(s.scaling)
		if s.scaling {
			lists := 8
			if s.chroma == 3 {
				lists = 12
			}
			for i := 0; i < lists; i++ {
				w.u(1, 1)
				writeScalingList(&w, i)
			}
		}
	}
	w.ue(0) // log2_max_frame_num_minus4
	w.ue(s.pocType)
	switch s.pocType {
	case 0:
		w.ue(2)
	case 1:
		w.u(1, 0)
		w.se(-2)
		w.se(3)
		w.ue(uint32(s.pocCycle))
		for i := 0; i < s.pocCycle; i++ {
			w.se(int32(i*7 - 9))
		}
	}
	w.ue(s.refFrames)
	w.u(1, 0)
	w.ue(s.mbW - 1)
	w.ue(s.mapH - 1)
	w.flag(s.frameMBsOnly)
	if !s.frameMBsOnly {
		w.u(1, 1)
	}
	w.u(1, 1) // direct_8x8_inference_flag
	hasCrop := s.crop != [4]uint32{}
	w.flag(hasCrop)
	if hasCrop {
		for _, c := range s.crop {
			w.ue(c)
		}
	}
	w.u(1, 0) // vui_parameters_present_flag
	return append([]byte{0x67}, escapeRBSP(w.trailing())...)
}

// writeScalingList writes list i: odd lists stop at once with a delta
// that makes nextScale zero, lists 2 and 6 stop after two deltas (which
// only works if lastScale is tracked), the rest run to their full size.
func writeScalingList(w *bitWriter, i int) {
	size := 16
	if i >= 6 {
		size = 64
	}
	switch {
	case i%2 == 1:
		w.se(-8)
	case i == 2 || i == 6:
		w.se(2)
		w.se(-10)
	default:
		for j := 0; j < size; j++ {
			w.se(int32(j%5 - 2))
		}
	}
}

// escapeRBSP inserts emulation prevention bytes.
func escapeRBSP(rbsp []byte) []byte {
	var out []byte
	zeros := 0
	for _, c := range rbsp {
		if zeros >= 2 && c <= 3 {
			out = append(out, 3)
			zeros = 0
		}
		out = append(out, c)
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
	}
	return out
}

func TestH264SPSSize(t *testing.T) {
	progressive := spsSpec{profile: 66, refFrames: 1, frameMBsOnly: true}
	with := func(f func(*spsSpec)) spsSpec {
		s := progressive
		f(&s)
		return s
	}
	tests := []struct {
		name string
		sps  spsSpec
		w, h int
	}{
		{"baseline 1280x720", with(func(s *spsSpec) { s.mbW, s.mapH = 80, 45 }), 1280, 720},
		{"baseline 640x360 cropped", with(func(s *spsSpec) { s.mbW, s.mapH, s.crop[3] = 40, 23, 4 }), 640, 360},
		{"main 1920x1080 cropped", with(func(s *spsSpec) { s.profile, s.mbW, s.mapH, s.crop[3] = 77, 120, 68, 4 }), 1920, 1080},
		{"high 320x180 with scaling lists", with(func(s *spsSpec) {
			s.profile, s.chroma, s.scaling, s.mbW, s.mapH, s.crop[3] = 100, 1, true, 20, 12, 6
		}), 320, 180},
		{"high 4:4:4 with 12 scaling lists", with(func(s *spsSpec) {
			s.profile, s.chroma, s.scaling, s.mbW, s.mapH, s.crop = 244, 3, true, 20, 12, [4]uint32{0, 3, 0, 5}
		}), 317, 187},
		{"4:4:4 separate colour planes", with(func(s *spsSpec) {
			s.profile, s.chroma, s.separate, s.mbW, s.mapH, s.crop = 244, 3, true, 20, 12, [4]uint32{1, 0, 0, 2}
		}), 319, 190},
		{"high 4:2:2 cropped", with(func(s *spsSpec) {
			s.profile, s.chroma, s.mbW, s.mapH, s.crop = 122, 2, 20, 12, [4]uint32{0, 2, 0, 3}
		}), 316, 189},
		{"monochrome cropped", with(func(s *spsSpec) {
			s.profile, s.chroma, s.mbW, s.mapH, s.crop = 100, 0, 20, 12, [4]uint32{1, 0, 1, 0}
		}), 319, 191},
		{"monochrome interlaced", with(func(s *spsSpec) {
			s.profile, s.chroma, s.frameMBsOnly, s.mbW, s.mapH, s.crop[3] = 100, 0, false, 20, 12, 2
		}), 320, 380},
		{"interlaced 1920x1080", with(func(s *spsSpec) {
			s.profile, s.frameMBsOnly, s.mbW, s.mapH, s.crop[3] = 77, false, 120, 34, 2
		}), 1920, 1080},
		{"poc type 1 cycle", with(func(s *spsSpec) { s.pocType, s.pocCycle, s.mbW, s.mapH = 1, 3, 40, 30 }), 640, 480},
		{"poc type 2", with(func(s *spsSpec) { s.pocType, s.mbW, s.mapH = 2, 40, 30 }), 640, 480},
		{"emulation prevention", with(func(s *spsSpec) { s.refFrames, s.mbW, s.mapH = 1<<28, 40, 30 }), 640, 480},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nalu := tt.sps.nalu()
			w, h, err := H264SPSSize(nalu)
			if err != nil || w != tt.w || h != tt.h {
				t.Errorf("H264SPSSize = %d, %d, %v; want %d, %d, nil", w, h, err, tt.w, tt.h)
			}
		})
	}
	if nalu := tests[len(tests)-1].sps.nalu(); !bytes.Contains(nalu, []byte{0, 0, 3}) {
		t.Errorf("emulation prevention case has no 00 00 03: % x", nalu)
	}
}

func TestH264SPSSizeErrors(t *testing.T) {
	good := spsSpec{profile: 100, chroma: 1, scaling: true, refFrames: 1, mbW: 40, mapH: 30, frameMBsOnly: true}
	with := func(f func(*spsSpec)) []byte {
		s := good
		f(&s)
		return s.nalu()
	}
	full := good.nalu()
	tests := []struct {
		name string
		sps  []byte
		want error
	}{
		{"empty", nil, ErrNotSPS},
		{"PPS", []byte{0x68, 0xce, 0x3c, 0x80}, ErrNotSPS},
		{"header only", []byte{0x67}, ErrTruncated},
		{"cut in scaling lists", full[:12], ErrTruncated},
		{"cut before size", full[:len(full)-3], ErrTruncated},
		{"chroma_format_idc 4", with(func(s *spsSpec) { s.chroma = 4 }), ErrInvalidSPS},
		{"pic_order_cnt_type 3", with(func(s *spsSpec) { s.pocType = 3 }), ErrInvalidSPS},
		{"poc cycle too long", with(func(s *spsSpec) { s.pocType, s.pocCycle = 1, 300 }), ErrInvalidSPS},
		{"crop wider than picture", with(func(s *spsSpec) { s.crop[1] = 400 }), ErrInvalidSPS},
		{"crop near 2^32", with(func(s *spsSpec) { s.crop = [4]uint32{1<<31 + 1, 1<<31 + 1, 0, 0} }), ErrInvalidSPS},
		{"absurd width", with(func(s *spsSpec) { s.mbW = 1 << 20 }), ErrInvalidSPS},
		{"overlong exp-Golomb", []byte{0x67, 66, 0, 31, 0, 0, 0, 0, 0, 0}, ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, err := H264SPSSize(tt.sps)
			if !errors.Is(err, tt.want) {
				t.Errorf("H264SPSSize = %d, %d, %v; want error %v", w, h, err, tt.want)
			}
		})
	}
}
