package webm

import (
	"encoding/binary"
	"fmt"

	"github.com/lkbot/lkbot/media/bitstream"
)

// H.264 NAL unit types (ITU-T H.264 table 7-1) that the writer looks at.
const (
	nalSPS = 7
	nalPPS = 8
)

// AVCConfig builds the AVCDecoderConfigurationRecord (ISO/IEC 14496-15
// 5.2.4.1, "avcC") that Matroska's V_MPEG4/ISO/AVC CodecPrivate holds, from
// SPS and PPS NAL units without start codes. NAL units are written with
// 4-byte lengths. High profiles (100, 110, 122, 144) get the chroma format
// and bit depths of the first SPS, as the record's extension asks.
func AVCConfig(sps, pps [][]byte) ([]byte, error) {
	if len(sps) == 0 || len(sps) > 31 || len(pps) == 0 || len(pps) > 255 {
		return nil, fmt.Errorf("%w: %d SPS and %d PPS, want 1 to 31 and 1 to 255", ErrAVCConfig, len(sps), len(pps))
	}
	n := 7
	for i, s := range sps {
		if len(s) < 4 || len(s) > 0xffff || s[0]&0x1f != nalSPS {
			return nil, fmt.Errorf("%w: SPS %d is not a sequence parameter set of 4 to 65535 bytes", ErrAVCConfig, i)
		}
		n += 2 + len(s)
	}
	for i, p := range pps {
		if len(p) < 2 || len(p) > 0xffff || p[0]&0x1f != nalPPS {
			return nil, fmt.Errorf("%w: PPS %d is not a picture parameter set of 2 to 65535 bytes", ErrAVCConfig, i)
		}
		n += 2 + len(p)
	}
	b := make([]byte, 0, n)
	// version 1, profile, compatibility and level from the first SPS,
	// 6 reserved bits and lengthSizeMinusOne = 3, 3 reserved bits and the
	// SPS count.
	b = append(b, 1, sps[0][1], sps[0][2], sps[0][3], 0xff, 0xe0|byte(len(sps)))
	for _, s := range sps {
		b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
		b = append(b, s...)
	}
	b = append(b, byte(len(pps)))
	for _, p := range pps {
		b = binary.BigEndian.AppendUint16(b, uint16(len(p)))
		b = append(b, p...)
	}
	switch sps[0][1] {
	case 100, 110, 122, 144:
		chroma, luma, chromaDepth := highProfileFormat(sps[0])
		b = append(b, 0xfc|chroma, 0xf8|luma, 0xf8|chromaDepth, 0) // no SPS extensions
	}
	return b, nil
}

// highProfileFormat reads chroma_format_idc and the bit depths (minus 8)
// of a high-profile SPS (H.264 7.3.2.1.1); a malformed one reads as 4:2:0
// at 8 bits.
func highProfileFormat(sps []byte) (chroma, luma, chromaDepth byte) {
	rbsp := make([]byte, 0, len(sps))
	zeros := 0
	for _, c := range sps[4:] { // after the header, profile, flags, level
		if zeros >= 2 && c == 3 {
			zeros = 0
			continue // emulation prevention
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		rbsp = append(rbsp, c)
	}
	br := bitstream.NewBitReader(rbsp)
	br.UE() // seq_parameter_set_id
	c := br.UE()
	if c == 3 {
		br.U(1) // separate_colour_plane_flag
	}
	l, cd := br.UE(), br.UE()
	if br.Overrun() || c > 3 || l > 6 || cd > 6 {
		return 1, 0, 0
	}
	return byte(c), byte(l), byte(cd)
}

// nextNAL finds the next NAL unit of an Annex-B stream in b: nal is the
// unit without its start code and trailing zero bytes (H.264 7.4.1 does
// not let a NAL unit end in 0x00), rest is what follows it. ok is false
// when b holds no further start code.
func nextNAL(b []byte) (nal, rest []byte, ok bool) {
	start := startCode(b)
	if start < 0 {
		return nil, nil, false
	}
	b = b[start:]
	end := startCode(b)
	if end < 0 {
		end = len(b)
	} else {
		end -= 3
	}
	nal, rest = b[:end], b[end:]
	for len(nal) > 0 && nal[len(nal)-1] == 0 {
		nal = nal[:len(nal)-1]
	}
	return nal, rest, true
}

// startCode returns the index just past the first 0x000001 in b, or -1.
func startCode(b []byte) int {
	for i := 2; i < len(b); i++ {
		switch {
		case b[i] > 1:
			i += 2 // no start code can end at i+1 or i+2
		case b[i] == 1 && b[i-1] == 0 && b[i-2] == 0:
			return i + 1
		}
	}
	return -1
}

// appendAVCC appends the NAL units of an Annex-B access unit to dst, each
// preceded by its 4-byte big-endian length, as Matroska and MP4 store
// them. Bytes before the first start code and empty units are dropped.
func appendAVCC(dst, au []byte) []byte {
	for {
		nal, rest, ok := nextNAL(au)
		if !ok {
			return dst
		}
		if len(nal) > 0 {
			dst = binary.BigEndian.AppendUint32(dst, uint32(len(nal)))
			dst = append(dst, nal...)
		}
		au = rest
	}
}

// avccLen is the length appendAVCC would add.
func avccLen(au []byte) int {
	n := 0
	for {
		nal, rest, ok := nextNAL(au)
		if !ok {
			return n
		}
		if len(nal) > 0 {
			n += 4 + len(nal)
		}
		au = rest
	}
}

// parameterSets returns the SPS and PPS NAL units of an Annex-B access
// unit.
func parameterSets(au []byte) (sps, pps [][]byte) {
	for {
		nal, rest, ok := nextNAL(au)
		if !ok {
			return sps, pps
		}
		if len(nal) > 0 {
			switch nal[0] & 0x1f {
			case nalSPS:
				sps = append(sps, nal)
			case nalPPS:
				pps = append(pps, nal)
			}
		}
		au = rest
	}
}
