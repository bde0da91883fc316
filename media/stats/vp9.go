package stats

import "github.com/lkbot/lkbot/media/bitstream"

// VP9 payload descriptor flags (draft-ietf-payload-vp9-16 4.2).
const (
	vp9I = 0x80 // picture ID present
	vp9P = 0x40 // inter-picture predicted
	vp9L = 0x20 // layer indices present
	vp9F = 0x10 // flexible mode
	vp9B = 0x08 // start of a layer frame
	vp9E = 0x04 // end of a layer frame
	vp9V = 0x02 // scalability structure present
)

// vp9MaxLayers bounds N_S + 1 in the scalability structure.
const vp9MaxLayers = 8

// vp9Inspector finds keyframes and layer resolutions in VP9 RTP payloads.
// It remembers the last scalability structure (SS), which senders repeat
// only on keyframes, to size the layer frames that follow.
type vp9Inspector struct {
	layers  [vp9MaxLayers][2]uint16 // width, height per spatial layer
	nLayers int
}

// inspect reads the payload descriptor. A picture is a keyframe when its
// base spatial layer starts with P=0, unless the VP9 frame header that
// follows says otherwise (pion's flexible-mode payloader never sets P). The
// size is that of the spatial layer whose frame this packet starts, from
// the SS when known, else from the VP9 keyframe header itself.
func (v *vp9Inspector) inspect(p []byte) frameInfo {
	var fi frameInfo
	frame, sid, ok := v.descriptor(p)
	if !ok || p[0]&vp9B == 0 {
		return fi
	}
	var hdr vp9Header
	intra := p[0]&vp9P == 0
	if intra {
		hdr = parseVP9Header(frame)
		intra = !hdr.parsed || hdr.keyframe
	}
	fi.keyframe = intra && sid == 0
	switch {
	case sid < v.nLayers && v.layers[sid][0] != 0:
		fi.width, fi.height = int(v.layers[sid][0]), int(v.layers[sid][1])
	case intra:
		fi.width, fi.height = hdr.width, hdr.height
	}
	return fi
}

// descriptor skips the payload descriptor, storing any SS it carries, and
// returns the VP9 bitstream that follows and the spatial layer ID.
func (v *vp9Inspector) descriptor(p []byte) (frame []byte, sid int, ok bool) {
	if len(p) < 1 {
		return nil, 0, false
	}
	b0, i := p[0], 1
	if b0&vp9I != 0 {
		if len(p) <= i {
			return nil, 0, false
		}
		i++
		if p[i-1]&0x80 != 0 { // M: 15-bit picture ID
			i++
		}
	}
	if b0&vp9L != 0 {
		if len(p) <= i {
			return nil, 0, false
		}
		sid = int(p[i]>>1) & 0x07
		i++
		if b0&vp9F == 0 { // TL0PICIDX in non-flexible mode only
			i++
		}
	}
	if b0&vp9F != 0 && b0&vp9P != 0 { // up to 3 P_DIFF bytes, N bit chains
		for n := 0; n < 3; n++ {
			if len(p) <= i {
				return nil, 0, false
			}
			i++
			if p[i-1]&0x01 == 0 {
				break
			}
		}
	}
	if b0&vp9V != 0 {
		if i, ok = v.scalability(p, i); !ok {
			return nil, 0, false
		}
	}
	if i > len(p) {
		return nil, 0, false
	}
	return p[i:], sid, true
}

// scalability parses the SS starting at p[i] and returns the offset after
// it. Layer sizes are stored only when the whole SS is in bounds.
func (v *vp9Inspector) scalability(p []byte, i int) (int, bool) {
	if len(p) <= i {
		return 0, false
	}
	n := int(p[i]>>5) + 1
	hasSizes, hasGroup := p[i]&0x10 != 0, p[i]&0x08 != 0
	i++
	var layers [vp9MaxLayers][2]uint16
	if hasSizes {
		if len(p) < i+4*n {
			return 0, false
		}
		for l := 0; l < n; l++ {
			layers[l][0] = uint16(p[i])<<8 | uint16(p[i+1])
			layers[l][1] = uint16(p[i+2])<<8 | uint16(p[i+3])
			i += 4
		}
	}
	if hasGroup {
		if len(p) <= i {
			return 0, false
		}
		groups := int(p[i])
		i++
		for g := 0; g < groups; g++ {
			if len(p) <= i {
				return 0, false
			}
			i += 1 + int(p[i]>>2)&0x03 // TID|U|R, then R P_DIFFs
		}
	}
	if i > len(p) {
		return 0, false
	}
	if hasSizes {
		v.layers, v.nLayers = layers, n
	}
	return i, true
}

// vp9Header is the start of a VP9 uncompressed header (VP9 bitstream
// spec 6.2).
type vp9Header struct {
	parsed        bool // frame_marker and frame_type were read
	keyframe      bool
	width, height int // keyframes only; zero if the header is cut short
}

// parseVP9Header reads frame_type and, for keyframes,
// frame_width_minus_1 and frame_height_minus_1.
func parseVP9Header(frame []byte) vp9Header {
	var h vp9Header
	br := bitstream.NewBitReader(frame)
	if br.U(2) != 2 { // frame_marker
		return h
	}
	profile := br.U(1) | br.U(1)<<1
	if profile == 3 {
		br.U(1) // reserved_zero
	}
	showExisting := br.Flag()
	h.keyframe = !showExisting && !br.Flag() // frame_type 0 is KEY_FRAME
	h.parsed = !br.Overrun()
	if !h.keyframe || !h.parsed {
		return h
	}
	br.U(2) // show_frame, error_resilient_mode
	if br.U(24) != 0x498342 {
		return vp9Header{}
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
	w, hh := int(br.U(16))+1, int(br.U(16))+1
	if !br.Overrun() {
		h.width, h.height = w, hh
	}
	return h
}

// VP9FrameSize reads the size of a VP9 keyframe from its uncompressed
// header (a whole frame, not an RTP payload); ok is false for any other
// frame.
func VP9FrameSize(frame []byte) (w, h int, ok bool) {
	hd := parseVP9Header(frame)
	return hd.width, hd.height, hd.keyframe && hd.width > 0 && hd.height > 0
}

// VP9KeyframeSize reads the picture size from an RTP payload that starts a
// VP9 keyframe: from the scalability structure when the descriptor carries
// one, else from the keyframe's own header.
func VP9KeyframeSize(payload []byte) (w, h int, ok bool) {
	var v vp9Inspector
	fi := v.inspect(payload)
	if !fi.keyframe || fi.width == 0 || fi.height == 0 {
		return 0, 0, false
	}
	return fi.width, fi.height, true
}
