package encode

// IsKeyFrame reports whether an encoded frame of the named codec is a
// keyframe, from its first bytes (VP8, VP9) or its NAL units (H.264 Annex B).
func IsKeyFrame(codecName string, frame []byte) bool {
	if len(frame) == 0 {
		return false
	}
	switch codecName {
	case VP8:
		return frame[0]&0x01 == 0
	case VP9:
		return vp9IsKeyFrame(frame[0])
	case H264:
		return h264HasIDR(frame)
	}
	return false
}

// vp9IsKeyFrame reads the uncompressed header's first byte: frame marker,
// profile, show_existing_frame and frame_type (0 = key).
func vp9IsKeyFrame(b byte) bool {
	if b>>6 != 0b10 {
		return false
	}
	profile := (b>>5)&1 | (b>>4)&1<<1
	bit := 3
	if profile == 3 {
		bit = 2 // a reserved zero bit follows the profile
	}
	showExisting := b>>bit&1 == 1
	frameType := b >> (bit - 1) & 1
	return !showExisting && frameType == 0
}

// h264HasIDR scans Annex B start codes for an IDR slice (NAL type 5).
func h264HasIDR(b []byte) bool {
	for i := 0; i+3 < len(b); i++ {
		if b[i] != 0 || b[i+1] != 0 {
			continue
		}
		switch {
		case b[i+2] == 1:
			if b[i+3]&0x1f == 5 {
				return true
			}
		case b[i+2] == 0 && i+4 < len(b) && b[i+3] == 1:
			if b[i+4]&0x1f == 5 {
				return true
			}
		}
	}
	return false
}
