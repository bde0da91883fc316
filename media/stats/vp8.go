package stats

// VP8KeyframeSize returns the frame size coded in a VP8 RTP payload that
// starts a keyframe. payload is the whole RTP payload, VP8 payload
// descriptor (RFC 7741 4.2) included. ok is false for packets that do not
// begin a keyframe and for malformed input.
func VP8KeyframeSize(payload []byte) (w, h int, ok bool) {
	fi := inspectVP8(payload)
	if !fi.keyframe || fi.width == 0 || fi.height == 0 {
		return 0, 0, false
	}
	return fi.width, fi.height, true
}

// inspectVP8 reports a keyframe, and its size, when payload holds the first
// bytes of a VP8 frame.
func inspectVP8(payload []byte) frameInfo {
	var fi frameInfo
	frame, start, ok := vp8Frame(payload)
	// The frame header is at the start of partition 0 only (S=1, PID=0).
	if !ok || !start || len(frame) < 10 {
		return fi
	}
	w, h, key := VP8FrameSize(frame)
	fi.keyframe, fi.width, fi.height = key, w, h
	return fi
}

// VP8FrameSize reads the size of a VP8 keyframe from the frame itself (not
// an RTP payload). RFC 6386 9.1: a 3-byte frame tag whose bit 0 is 0 for
// keyframes, then a start code and two 14-bit little-endian dimensions
// (their top 2 bits scale). ok is false for an interframe or a short one.
func VP8FrameSize(frame []byte) (w, h int, ok bool) {
	if len(frame) < 10 || frame[0]&0x01 != 0 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a {
		return 0, 0, false
	}
	return int(frame[6]) | int(frame[7]&0x3f)<<8, int(frame[8]) | int(frame[9]&0x3f)<<8, true
}

// vp8Frame skips the payload descriptor and reports whether the rest begins
// partition 0 of a frame.
func vp8Frame(p []byte) (frame []byte, partitionStart, ok bool) {
	if len(p) < 1 {
		return nil, false, false
	}
	i := 1
	if p[0]&0x80 != 0 { // X: extension byte follows
		if len(p) < 2 {
			return nil, false, false
		}
		x := p[1]
		i = 2
		if x&0x80 != 0 { // I: picture ID, 15 bits when M is set
			if len(p) <= i {
				return nil, false, false
			}
			i++
			if p[i-1]&0x80 != 0 {
				i++
			}
		}
		if x&0x40 != 0 { // L: TL0PICIDX
			i++
		}
		if x&0x30 != 0 { // T or K: TID/Y/KEYIDX share one byte
			i++
		}
	}
	if i > len(p) {
		return nil, false, false
	}
	return p[i:], p[0]&0x10 != 0 && p[0]&0x07 == 0, true
}
