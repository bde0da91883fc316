package stats

import (
	"math/bits"
	"testing"
)

// bitWriter builds bitstreams for tests, the inverse of bitReader.
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

func TestBitReader(t *testing.T) {
	var w bitWriter
	w.u(3, 5)
	w.ue(0)
	w.ue(7)
	w.se(-3)
	w.se(4)
	w.ue(1<<32 - 2)
	w.u(32, 0xdeadbeef)
	br := bitReader{buf: w.trailing()}
	if got := br.u(3); got != 5 {
		t.Errorf("u(3) = %d, want 5", got)
	}
	if a, b := br.ue(), br.ue(); a != 0 || b != 7 {
		t.Errorf("ue = %d, %d, want 0, 7", a, b)
	}
	if a, b := br.se(), br.se(); a != -3 || b != 4 {
		t.Errorf("se = %d, %d, want -3, 4", a, b)
	}
	if got := br.ue(); got != 1<<32-2 {
		t.Errorf("ue = %d, want %d", got, uint32(1<<32-2))
	}
	if got := br.u(32); got != 0xdeadbeef {
		t.Errorf("u(32) = %#x, want 0xdeadbeef", got)
	}
	if br.overrun {
		t.Fatal("overrun inside the buffer")
	}
	br.u(16)
	if !br.overrun || br.u(1) != 0 || br.ue() != 0 {
		t.Error("reading past the end must set overrun and yield zeros")
	}
	zeros := bitReader{buf: make([]byte, 8)}
	if zeros.ue(); !zeros.overrun {
		t.Error("ue over 64 zero bits must overrun")
	}
}
