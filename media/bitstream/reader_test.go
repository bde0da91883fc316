package bitstream

import (
	"encoding/hex"
	"testing"
)

func TestBitReader(t *testing.T) {
	// u(3)=5, ue 0, ue 7, se -3, se 4, ue 2^32-2, u(32)=0xdeadbeef, then
	// rbsp_trailing_bits.
	buf, _ := hex.DecodeString("b1071000000003ffffffff7ab6fbbe")
	br := NewBitReader(buf)
	if got := br.U(3); got != 5 {
		t.Errorf("U(3) = %d, want 5", got)
	}
	if a, b := br.UE(), br.UE(); a != 0 || b != 7 {
		t.Errorf("UE = %d, %d, want 0, 7", a, b)
	}
	if a, b := br.SE(), br.SE(); a != -3 || b != 4 {
		t.Errorf("SE = %d, %d, want -3, 4", a, b)
	}
	if got := br.UE(); got != 1<<32-2 {
		t.Errorf("UE = %d, want %d", got, uint32(1<<32-2))
	}
	if got := br.U(32); got != 0xdeadbeef {
		t.Errorf("U(32) = %#x, want 0xdeadbeef", got)
	}
	if br.Overrun() {
		t.Fatal("overrun inside the buffer")
	}
	br.U(16)
	if !br.Overrun() || br.U(1) != 0 || br.UE() != 0 || br.Flag() {
		t.Error("reading past the end must set overrun and yield zeros")
	}
	zeros := NewBitReader(make([]byte, 8))
	if zeros.UE(); !zeros.Overrun() {
		t.Error("UE over 64 zero bits must overrun")
	}
}
