package sample

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/lkbot/lkbot/media/h264"
)

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

// defaultFPS paces H.264 streams that carry no timing when Options.FPS
// is 0.
const defaultFPS = 30

// maxSPS bounds how much of an SPS NAL unit is read; real ones are tens of
// bytes, a few hundred with scaling lists.
const maxSPS = 4096

// isAnnexB reports whether b starts with an Annex-B start code.
func isAnnexB(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0, 0, 1}) || bytes.HasPrefix(b, []byte{0, 0, 0, 1})
}

// auBuilder groups NAL units into access units (ITU-T H.264 7.4.1.2.3).
type auBuilder struct {
	r   io.ReaderAt
	idx *index
	fps float64 // from the first SPS with timing

	start    int64 // offset of the current AU's first start code
	hasSlice bool
	key      bool
	hasPS    bool // the current AU carries an SPS or PPS
	sps      bool // an SPS was parsed
	// lastSPS and lastPPS, start codes included, go before IDR access
	// units that lack parameter sets, so that a receiver that starts
	// there (after unmuting) can decode.
	lastSPS, lastPPS span
}

// indexH264 splits an Annex-B stream at its start codes and groups the NAL
// units into access units, each a sample. Every AU lasts one frame at the
// SPS's rate, else at fps, else at 30 frames per second.
func indexH264(r io.ReaderAt, size int64, fps int) (*index, error) {
	b := &auBuilder{r: r, idx: &index{codec: "h264"}, start: -1}
	prevStart, prevHdr := int64(-1), int64(-1)
	err := scanStartCodes(r, size, func(start, hdr int64) error {
		if prevHdr >= 0 {
			if err := b.nal(prevStart, prevHdr, start); err != nil {
				return err
			}
		}
		prevStart, prevHdr = start, hdr
		return nil
	})
	if err != nil {
		return nil, err
	}
	if prevHdr >= 0 {
		if err := b.nal(prevStart, prevHdr, size); err != nil {
			return nil, err
		}
	}
	b.finish(size)
	rate := b.fps
	if rate == 0 {
		rate = float64(fps)
	}
	if rate <= 0 {
		rate = defaultFPS
	}
	b.idx.fps = rate
	// Durations telescope from the start, so their sum has no rounding
	// drift: frame i lasts round((i+1)/fps) - round(i/fps).
	at := func(i int) time.Duration { return time.Duration(math.Round(float64(i) * float64(time.Second) / rate)) }
	for i := range b.idx.entries {
		b.idx.entries[i].dur = at(i+1) - at(i)
	}
	return b.idx, nil
}

// nal adds the NAL unit whose start code begins at start and whose header
// byte is at hdr; it ends at end.
func (b *auBuilder) nal(start, hdr, end int64) error {
	if end <= hdr {
		return nil // two start codes in a row
	}
	var h [2]byte
	head := h[:min(2, end-hdr)]
	if _, err := b.r.ReadAt(head, hdr); err != nil {
		return err
	}
	if head[0]&0x80 != 0 {
		return fmt.Errorf("%w: H.264 NAL unit at offset %d has forbidden_zero_bit set", ErrFormat, hdr)
	}
	t := head[0] & 0x1f
	// first_mb_in_slice is ue(v), so it is 0 exactly when its first bit is 1.
	firstMB0 := len(head) == 2 && head[1]&0x80 != 0
	startsSlice := t == naluSlice || t == naluSliceA || t == naluIDR
	if b.start < 0 || b.hasSlice && (t == naluAUD || t == naluSEI || t == naluSPS || t == naluPPS ||
		t >= naluPrefix14 && t <= naluRes18 || startsSlice && firstMB0) {
		b.finish(start)
		b.start = start
	}
	if t >= naluSlice && t <= naluIDR {
		b.hasSlice = true
	}
	if t == naluIDR {
		b.key = true
	}
	switch t {
	case naluSPS:
		b.lastSPS, b.hasPS = span{off: start, n: int(end - start)}, true
	case naluPPS:
		b.lastPPS, b.hasPS = span{off: start, n: int(end - start)}, true
	}
	if t == naluSPS && !b.sps {
		return b.readSPS(hdr, end)
	}
	return nil
}

// readSPS takes the picture size and frame rate from the first SPS.
func (b *auBuilder) readSPS(hdr, end int64) error {
	buf := make([]byte, min(end-hdr, maxSPS))
	if _, err := b.r.ReadAt(buf, hdr); err != nil {
		return err
	}
	sps, err := h264.ParseSPS(buf)
	if err != nil {
		return nil // keep the size unknown; the decoder will judge
	}
	b.sps = true
	b.idx.width, b.idx.height, b.fps = sps.Width, sps.Height, sps.FPS
	return nil
}

// finish closes the current AU at end. NAL units that follow the last
// slice of the stream join the AU before them.
func (b *auBuilder) finish(end int64) {
	switch {
	case b.start < 0:
		return
	case b.hasSlice:
		e := entry{span: span{off: b.start, n: int(end - b.start)}, key: b.key}
		if b.key && !b.hasPS && b.lastSPS.n > 0 && b.lastPPS.n > 0 {
			e.parts = []span{b.lastSPS, b.lastPPS, e.span}
			e.span = span{off: b.lastSPS.off, n: b.lastSPS.n + b.lastPPS.n + e.n}
		}
		b.idx.entries = append(b.idx.entries, e)
	case len(b.idx.entries) > 0:
		last := &b.idx.entries[len(b.idx.entries)-1]
		tail := &last.span
		if last.parts != nil {
			tail = &last.parts[len(last.parts)-1]
		}
		grow := int(end - (tail.off + int64(tail.n)))
		tail.n += grow
		if last.parts != nil {
			last.n += grow
		}
	}
	b.hasSlice, b.key, b.hasPS = false, false, false
}

// scanStartCodes calls fn for every 00 00 01 in r with the offset of its
// start code (one earlier for a 4-byte 00 00 00 01) and of the NAL header
// byte after it, reading a chunk at a time.
func scanStartCodes(r io.ReaderAt, size int64, fn func(start, hdr int64) error) error {
	const chunk = 64 << 10
	const carry = 3 // bytes kept from the previous chunk
	buf := make([]byte, carry+chunk)
	kept := 0
	for base := int64(0); base < size; {
		n := int(min(chunk, size-base))
		if _, err := r.ReadAt(buf[kept:kept+n], base); err != nil {
			return err
		}
		window, wbase := buf[:kept+n], base-int64(kept)
		for i := 0; ; {
			j := bytes.Index(window[i:], []byte{0, 0, 1})
			if j < 0 {
				break
			}
			k := i + j
			i = k + 3
			if k+2 < kept {
				continue // found in the previous chunk
			}
			start := wbase + int64(k)
			if k > 0 && window[k-1] == 0 {
				start--
			}
			if err := fn(start, wbase+int64(k)+3); err != nil {
				return err
			}
		}
		base += int64(n)
		kept = min(carry, len(window))
		copy(buf, window[len(window)-kept:])
	}
	return nil
}
