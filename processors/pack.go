package processors

import "encoding/binary"

// Whole segments are written with 16-bit lanes (SWAR), values scaled by
// 256: lane j of a word holds v+j*s and its high byte is the output.
// Lanes stay within 0 and 65535, so packing by integer arithmetic is
// exact even when s is negative.
const (
	lane1  = 0x0001000100010001 // 1 in each lane
	lane4  = 0x0003000200010000 // j in lane j
	lane8e = 0x0006000400020000 // 2j in lane j: the even outputs
)

// packSegments writes the len(top)-1 whole segments between the samples
// of top and bot (blended with weight w/(2f) on bot) to dst, f = 4, 8 or
// 16 values each. Output j of a segment from blended samples a to b
// (scaled by 2f) is a*2f + (b-a)*(2j+1), scaled by 4f*f; the put
// functions take it scaled by 256.
func packSegments(dst []uint8, top, bot []int32, w int32, f int) {
	wt := int32(2*f) - w
	n := len(top) - 1
	bot = bot[:len(top)]
	at := func(k int) int32 { return top[k]*wt + bot[k]*w }
	a := at(0)
	switch f {
	case 4:
		k := 0
		for ; k+1 < n; k += 2 {
			b, c := at(k+1), at(k+2)
			d, e := b-a, c-b
			put4x2(dst[4*k:4*k+8], (a*8+d)*4+128, 8*d, (b*8+e)*4+128, 8*e)
			a = c
		}
		if k < n {
			d := at(k+1) - a
			put4(dst[4*k:4*k+4], (a*8+d)*4+128, 8*d)
		}
	case 8:
		for k := range n {
			b := at(k + 1)
			d := b - a
			put8(dst[8*k:8*k+8], a*16+d+128, 2*d)
			a = b
		}
	default: // the step loses 2 bits: at most 0.03 of a level
		for k := range n {
			b := at(k + 1)
			d := b - a
			v, s := (a*32+d+2)>>2+128, (d+1)>>1
			put8(dst[16*k:16*k+8], v, s)
			put8(dst[16*k+8:16*k+16], v+8*s, s)
			a = b
		}
	}
}

// put4 writes v, v+s, v+2s, v+3s (scaled by 256) to dst as bytes.
func put4(dst []uint8, v, s int32) {
	e := uint64(int64(v)*lane1 + int64(s)*lane4)
	e = e >> 8 & lanes16
	e = (e | e>>8) & lanes32
	binary.LittleEndian.PutUint32(dst, uint32(e|e>>16))
}

// put4x2 is put4 for v, s and then u, t, in one word.
func put4x2(dst []uint8, v, s, u, t int32) {
	const one, two = 0x00010001, 0x00020000 // in lanes 0 and 1
	e := uint64(int64(v)*one+int64(s)*two) | uint64(int64(u)*one+int64(t)*two)<<32
	o := e + uint64(int64(s)*one+int64(t)*one<<32)
	binary.LittleEndian.PutUint64(dst, e>>8&lanes16|o&^lanes16)
}

// put8 writes v, v+s, ..., v+7s (scaled by 256) to dst as bytes.
func put8(dst []uint8, v, s int32) {
	sl := uint64(int64(s) * lane1)
	e := uint64(int64(v)*lane1 + int64(s)*lane8e)
	binary.LittleEndian.PutUint64(dst, e>>8&lanes16|(e+sl)&^lanes16)
}
