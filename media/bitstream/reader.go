package bitstream

// BitReader reads big-endian bit fields and exp-Golomb codes. Running past
// the end sets a sticky flag and yields zeros, so callers can read a run of
// fields and check Overrun once. Other codecs whose headers are coded most
// significant bit first (VP9) read theirs with U and Flag.
type BitReader struct {
	buf     []byte
	pos     int // in bits
	overrun bool
}

// NewBitReader returns a reader positioned at the first bit of buf.
func NewBitReader(buf []byte) BitReader { return BitReader{buf: buf} }

// Overrun reports whether a read went past the end of the buffer.
func (b *BitReader) Overrun() bool { return b.overrun }

// U reads an n-bit unsigned field, n <= 32 (H.264 7.2, u(n)).
func (b *BitReader) U(n int) uint32 {
	if b.overrun || b.pos+n > len(b.buf)*8 {
		b.overrun = true
		return 0
	}
	var v uint32
	for i := 0; i < n; i++ {
		bit := b.buf[b.pos>>3] >> (7 - uint(b.pos&7)) & 1
		v = v<<1 | uint32(bit)
		b.pos++
	}
	return v
}

// Flag reads one bit as a bool.
func (b *BitReader) Flag() bool { return b.U(1) == 1 }

// UE reads an unsigned exp-Golomb code (H.264 9.1, ue(v)). Codes longer
// than 32 bits cannot occur in valid streams and count as overrun.
func (b *BitReader) UE() uint32 {
	zeros := 0
	for !b.overrun && b.U(1) == 0 {
		zeros++
		if zeros > 31 {
			b.overrun = true
		}
	}
	if b.overrun {
		return 0
	}
	return uint32(1)<<zeros - 1 + b.U(zeros)
}

// SE reads a signed exp-Golomb code (H.264 9.1.1, se(v)).
func (b *BitReader) SE() int32 {
	k := int64(b.UE())
	if k&1 == 1 {
		return int32((k + 1) / 2)
	}
	return int32(-k / 2)
}
