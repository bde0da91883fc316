package sample

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/lkbot/lkbot/media/bitstream"
)

// IVF layout: a 32-byte file header, then per frame a 12-byte header
// (little-endian size and 64-bit pts) and the frame.
const (
	ivfHeaderLen      = 32
	ivfFrameHeaderLen = 12
	// ivfPeek is how much of a frame the keyframe tests read.
	ivfPeek = 10
)

// maxSampleDuration rejects timestamps that would stall a Player; real
// frames and packets last well under a second.
const maxSampleDuration = time.Minute

// indexIVF reads the IVF header and every frame header. Frame durations
// come from pts differences in the header's timebase.
func indexIVF(r io.ReaderAt, size int64) (*index, error) {
	var h [ivfHeaderLen]byte
	if size < ivfHeaderLen {
		return nil, fmt.Errorf("%w: IVF header needs %d bytes, the file has %d", ErrTruncated, ivfHeaderLen, size)
	}
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil, err
	}
	idx := &index{width: int(binary.LittleEndian.Uint16(h[12:])), height: int(binary.LittleEndian.Uint16(h[14:]))}
	keyframe := isVP8Key
	switch fourcc := string(h[8:12]); fourcc {
	case "VP80":
		idx.codec = "vp8"
	case "VP90":
		idx.codec, keyframe = "vp9", isVP9Key
	default:
		return nil, fmt.Errorf("%w: IVF fourcc %q, want VP80 or VP90", ErrUnsupportedCodec, fourcc)
	}
	hdrLen := int64(binary.LittleEndian.Uint16(h[6:]))
	rate, scale := binary.LittleEndian.Uint32(h[16:]), binary.LittleEndian.Uint32(h[20:])
	if hdrLen < ivfHeaderLen || rate == 0 || scale == 0 {
		return nil, fmt.Errorf("%w: IVF header length %d, timebase %d/%d", ErrFormat, hdrLen, scale, rate)
	}
	tick := float64(scale) / float64(rate) * float64(time.Second)
	var pts []int64
	var buf [ivfFrameHeaderLen + ivfPeek]byte
	for off := hdrLen; off < size; {
		i := len(idx.entries)
		if size-off < ivfFrameHeaderLen {
			return nil, fmt.Errorf("%w: frame %d header at offset %d", ErrTruncated, i, off)
		}
		peek := buf[:min(int64(len(buf)), size-off)]
		if _, err := r.ReadAt(peek, off); err != nil {
			return nil, err
		}
		n := int64(binary.LittleEndian.Uint32(peek))
		if n > maxFrame {
			return nil, fmt.Errorf("%w: frame %d at offset %d claims %d bytes", ErrFormat, i, off, n)
		}
		data := off + ivfFrameHeaderLen
		if data+n > size {
			return nil, fmt.Errorf("%w: frame %d needs %d bytes at offset %d, %d left", ErrTruncated, i, n, data, size-data)
		}
		frame := peek[ivfFrameHeaderLen:min(int64(len(peek)), ivfFrameHeaderLen+n)]
		idx.entries = append(idx.entries, entry{span: span{off: data, n: int(n)}, key: keyframe(frame)})
		pts = append(pts, int64(binary.LittleEndian.Uint64(peek[4:])))
		off = data + n
	}
	if err := ivfDurations(idx, pts, tick); err != nil {
		return nil, err
	}
	return idx, nil
}

// ivfDurations sets each frame's duration to the pts step to the next
// frame, measured from the first pts so that rounding does not add up; the
// last frame lasts as long as the one before it. fps is frames over time.
func ivfDurations(idx *index, pts []int64, tick float64) error {
	// Without a usable step, one tick; a timebase finer than 1/240 s is no
	// frame rate, so then 1/30 s.
	fallback := time.Duration(tick)
	if tick < float64(time.Second)/240 {
		fallback = time.Second / 30
	}
	at := func(p int64) float64 { return float64(p-pts[0]) * tick }
	var total time.Duration
	for i := range idx.entries {
		d := fallback
		if i > 0 {
			d = idx.entries[i-1].dur
		}
		if i+1 < len(pts) && pts[i+1] > pts[i] {
			d = time.Duration(math.Round(at(pts[i+1]))) - time.Duration(math.Round(at(pts[i])))
		}
		if d <= 0 || d > maxSampleDuration {
			return fmt.Errorf("%w: frame %d lasts %v (pts %d)", ErrFormat, i, d, pts[i])
		}
		idx.entries[i].dur = d
		total += d
	}
	idx.fps = float64(time.Second) / float64(fallback)
	if len(idx.entries) > 1 {
		idx.fps = float64(len(idx.entries)) * float64(time.Second) / float64(total)
	}
	return nil
}

// isVP8Key reads the frame tag (RFC 6386 9.1): bit 0 is 0 for keyframes,
// which then carry the start code 9d 01 2a.
func isVP8Key(frame []byte) bool {
	return len(frame) >= 10 && frame[0]&0x01 == 0 && frame[3] == 0x9d && frame[4] == 0x01 && frame[5] == 0x2a
}

// isVP9Key reads the start of the uncompressed header (VP9 bitstream spec
// 6.2): frame_marker, profile, show_existing_frame, frame_type. A
// superframe starts with its first frame, so this looks at that one.
func isVP9Key(frame []byte) bool {
	br := bitstream.NewBitReader(frame)
	if br.U(2) != 2 { // frame_marker
		return false
	}
	profile := br.U(1) | br.U(1)<<1
	if profile == 3 {
		br.U(1) // reserved_zero
	}
	if br.Flag() { // show_existing_frame
		return false
	}
	key := !br.Flag() // frame_type 0 is KEY_FRAME
	return key && !br.Overrun()
}
