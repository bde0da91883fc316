package processors

import "encoding/binary"

// Downsampling sums bytes eight at a time (SWAR): each 8-byte word of a
// row is split into its even and odd bytes, four 16-bit lanes each, and
// the lanes are summed down a block's rows. With at most 16 rows per block
// a lane holds at most 16*255, so lanes never carry into each other; the
// pairs, quads and octets a block needs are then summed lane-wise.

const (
	lanes16 = 0x00ff00ff00ff00ff // even bytes of a word
	lanes32 = 0x0000ffff0000ffff // even 16-bit lanes
)

// downsampleScratch returns how many words downsample needs for a plane
// w samples wide.
func downsampleScratch(w int) int { return 2 * ceilDiv(w, 16) * 2 }

// downsample averages f x f blocks of the w x h plane src (rows stride
// apart) into dst, ceil(w/f) x ceil(h/f) values from 0 to 255. Blocks cut
// by the plane's edges average the samples they have. f is a power of two
// from 1 to 16; acc is scratch of downsampleScratch(w) words.
func downsample(dst []float32, src []uint8, stride, w, h, f int, acc []uint64) {
	dw, dh := ceilDiv(w, f), ceilDiv(h, f)
	// Groups of 8 samples, an even number of them so that a block 16
	// wide has both; each has two words of lanes, even and odd bytes.
	groups := ceilDiv(w, 16) * 2
	acc = acc[:2*groups]
	for dy := range dh {
		clear(acc)
		y0, y1 := dy*f, min(dy*f+f, h)
		y := y0
		for ; y+1 < y1; y += 2 {
			accumulate2(acc, src[y*stride:y*stride+w], src[(y+1)*stride:(y+1)*stride+w])
		}
		if y < y1 {
			accumulate(acc, src[y*stride:y*stride+w])
		}
		rows := y1 - y0
		out := dst[dy*dw : (dy+1)*dw]
		whole := w / f // blocks with all f columns
		lanesOut(out, acc, f, 1/float32(rows*f))
		if whole < dw { // the last block has fewer columns
			out[whole] *= float32(f) / float32(w-whole*f)
		}
	}
}

// accumulate adds row's even and odd bytes to the lanes of acc (pairs of
// words per 8 samples); a last partial word is padded with zeros.
func accumulate(acc []uint64, row []uint8) {
	j := 0
	for ; len(row) >= 8; row = row[8:] {
		v := binary.LittleEndian.Uint64(row)
		a := acc[j : j+2 : j+2]
		a[0] += v & lanes16
		a[1] += v >> 8 & lanes16
		j += 2
	}
	if len(row) > 0 {
		var b [8]uint8
		copy(b[:], row)
		v := binary.LittleEndian.Uint64(b[:])
		acc[j] += v & lanes16
		acc[j+1] += v >> 8 & lanes16
	}
}

// accumulate2 is accumulate for two rows of the same length at once,
// which halves the traffic to acc.
func accumulate2(acc []uint64, r0, r1 []uint8) {
	j := 0
	r1 = r1[:len(r0)]
	for ; len(r0) >= 8; r0, r1 = r0[8:], r1[8:] {
		v, u := binary.LittleEndian.Uint64(r0), binary.LittleEndian.Uint64(r1)
		a := acc[j : j+2 : j+2]
		a[0] += v&lanes16 + u&lanes16
		a[1] += v>>8&lanes16 + u>>8&lanes16
		j += 2
	}
	if len(r0) > 0 {
		accumulate(acc[j:], r0)
		accumulate(acc[j:], r1)
	}
}

// lanesOut writes the sum of each block of f columns of acc's lanes,
// times inv, to out.
func lanesOut(out []float32, acc []uint64, f int, inv float32) {
	switch f {
	case 1:
		for i := range out {
			k := i / 8 * 2
			lane := uint(i%8/2) * 16
			out[i] = float32(acc[k+i%2]>>lane&0xffff) * inv
		}
	case 2:
		for i := range out {
			s := acc[i/4*2] + acc[i/4*2+1]
			out[i] = float32(s>>(uint(i%4)*16)&0xffff) * inv
		}
	case 4:
		acc = acc[:2*ceilDiv(len(out), 2)]
		for i := 0; i < len(acc); i += 2 {
			s := acc[i] + acc[i+1]
			s = s&lanes32 + s>>16&lanes32
			out[i] = float32(uint32(s)) * inv
			if i+1 < len(out) {
				out[i+1] = float32(uint32(s>>32)) * inv
			}
		}
	default:
		n := f / 4 // words per block
		acc = acc[:n*len(out)]
		for i := range out {
			var t uint64
			for _, s := range acc[n*i : n*(i+1)] {
				t += s&lanes32 + s>>16&lanes32
			}
			out[i] = float32(uint32(t)+uint32(t>>32)) * inv
		}
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// grow returns s resized to n, reusing its storage when it is big enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
