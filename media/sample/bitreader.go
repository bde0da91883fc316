package sample

// bitReader reads big-endian bit fields and exp-Golomb codes. Running past
// the end sets a sticky flag and yields zeros, so callers can read a run of
// fields and check overrun once.
type bitReader struct {
	buf     []byte
	pos     int // in bits
	overrun bool
}

// u reads an n-bit unsigned field, n <= 32.
func (b *bitReader) u(n int) uint32 {
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

// flag reads one bit as a bool.
func (b *bitReader) flag() bool { return b.u(1) == 1 }

// ue reads an unsigned exp-Golomb code (H.264 9.1). Codes longer than 32
// bits cannot occur in valid streams and count as overrun.
func (b *bitReader) ue() uint32 {
	zeros := 0
	for !b.overrun && b.u(1) == 0 {
		zeros++
		if zeros > 31 {
			b.overrun = true
		}
	}
	if b.overrun {
		return 0
	}
	return uint32(1)<<zeros - 1 + b.u(zeros)
}

// se reads a signed exp-Golomb code (H.264 9.1.1).
func (b *bitReader) se() int32 {
	k := int64(b.ue())
	if k&1 == 1 {
		return int32((k + 1) / 2)
	}
	return int32(-k / 2)
}
