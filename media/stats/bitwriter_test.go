package stats

import "math/bits"

// bitWriter builds bitstreams for tests, the inverse of bitstream.BitReader.
type bitWriter struct {
	buf []byte
	n   int
}

func (w *bitWriter) u(width int, v uint64) {
	for i := width - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		if v>>uint(i)&1 == 1 {
			w.buf[len(w.buf)-1] |= 0x80 >> uint(w.n%8)
		}
		w.n++
	}
}

func (w *bitWriter) flag(b bool) {
	if b {
		w.u(1, 1)
	} else {
		w.u(1, 0)
	}
}

func (w *bitWriter) ue(v uint32) {
	x := uint64(v) + 1
	l := bits.Len64(x)
	w.u(l-1, 0)
	w.u(l, x)
}

func (w *bitWriter) se(v int32) {
	if v > 0 {
		w.ue(uint32(2*v - 1))
	} else {
		w.ue(uint32(-2 * v))
	}
}

// trailing appends rbsp_trailing_bits and returns the bytes.
func (w *bitWriter) trailing() []byte {
	w.u(1, 1)
	for w.n%8 != 0 {
		w.u(1, 0)
	}
	return w.buf
}
