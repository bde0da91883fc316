package decode

// IsKeyframe reports whether frame, a whole depacketised frame of codec c,
// starts with a keyframe, from its first bytes: VP8's frame tag (RFC 6386
// 9.1) or VP9's uncompressed header (VP9 bitstream 6.2). A VP9 superframe
// counts by its first frame, its lowest spatial layer.
func IsKeyframe(c Codec, frame []byte) bool {
	if len(frame) == 0 {
		return false
	}
	b := frame[0]
	switch c {
	case VP8:
		return len(frame) >= 10 && b&1 == 0
	case VP9:
		bit := func(i int) byte { return b >> (7 - i) & 1 }
		if b>>6 != 2 { // frame_marker
			return false
		}
		i := 4
		if bit(2) == 1 && bit(3) == 1 { // profile 3 has a reserved bit
			i++
		}
		return bit(i) == 0 && bit(i+1) == 0 // not show_existing_frame; frame_type KEY_FRAME
	}
	return false
}
