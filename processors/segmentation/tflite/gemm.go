package tflite

// gemmBlock is the number of output channels a packed weight block holds:
// one 256-bit vector of float32.
const gemmBlock = 8

// packedGemm holds the weights of a matrix product out = in·W + bias with
// W of size k×n, packed as ceil(n/8) blocks of k rows of 8 consecutive
// output channels, zero-padded, so that the inner loop reads them in order.
type packedGemm struct {
	k, n int
	w    []float32 // [n/8][k][8]
	bias []float32 // padded to a multiple of 8
}

// packGemm packs weights given as n rows of k values (TFLite's OHWI filters
// with H·W·I flattened to k) and an optional bias of n values.
func packGemm(w []float32, n, k int, bias []float32) *packedGemm {
	nb := (n + gemmBlock - 1) / gemmBlock
	g := &packedGemm{k: k, n: n, w: make([]float32, nb*k*gemmBlock), bias: make([]float32, nb*gemmBlock)}
	for o := 0; o < n; o++ {
		blk, lane := o/gemmBlock, o%gemmBlock
		for i := 0; i < k; i++ {
			g.w[(blk*k+i)*gemmBlock+lane] = w[o*k+i]
		}
	}
	copy(g.bias, bias)
	return g
}

// gemmRows computes rows of the product with an activation:
// out[r*ldo : r*ldo+n] = act(in[r*ldi : r*ldi+k]·W + bias) for r < rows.
// simd selects the assembly kernel where the CPU has one.
func (g *packedGemm) gemmRows(simd bool, in []float32, ldi int, out []float32, ldo int, rows int, act activation) {
	if rows <= 0 {
		return
	}
	// Checked here once so that neither kernel can read or write outside.
	_ = in[(rows-1)*ldi+g.k-1]
	_ = out[(rows-1)*ldo+g.n-1]
	k := g.k
	for blk := 0; blk*gemmBlock < g.n; blk++ {
		w := g.w[blk*k*gemmBlock : (blk+1)*k*gemmBlock]
		bias := g.bias[blk*gemmBlock : (blk+1)*gemmBlock]
		width := min(gemmBlock, g.n-blk*gemmBlock)
		o := out[blk*gemmBlock:]
		// A partial last block may still use the kernel, which stores all 8
		// lanes, when the output rows are padded to make room for them.
		room := blk*gemmBlock+gemmBlock <= ldo && (rows-1)*ldo+blk*gemmBlock+gemmBlock <= len(out)
		r := 0
		if (width == gemmBlock || room) && simd && hasAVX2 && rows >= 8 {
			r = rows &^ 7
			code, rest := asmActivation(act)
			gemm8x8(&in[0], ldi, k, &w[0], &bias[0], &o[0], ldo, r, code)
			if rest != actNone {
				for i := 0; i < r; i++ {
					rest.apply(o[i*ldo : i*ldo+gemmBlock])
				}
			}
		}
		for ; r < rows; r++ {
			dst := o[r*ldo : r*ldo+width]
			gemmRow(in[r*ldi:r*ldi+k], w, bias, dst)
			act.apply(dst)
		}
	}
}

// asmActivation returns the code the assembly kernels use for act, and the
// activation left to apply in Go when they cannot do it.
func asmActivation(act activation) (int, activation) {
	switch act {
	case actNone:
		return 0, actNone
	case actRelu:
		return 1, actNone
	case actRelu6:
		return 2, actNone
	case actHardSwish:
		return 3, actNone
	}
	return 0, act
}

// gemmRow computes one row of one block of 8 output channels into dst,
// which holds up to 8 of them.
func gemmRow(a, w, bias, dst []float32) {
	w = w[:len(a)*gemmBlock]
	c0, c1, c2, c3 := bias[0], bias[1], bias[2], bias[3]
	c4, c5, c6, c7 := bias[4], bias[5], bias[6], bias[7]
	for i, x := range a {
		ww := w[i*gemmBlock : i*gemmBlock+gemmBlock : i*gemmBlock+gemmBlock]
		c0 += x * ww[0]
		c1 += x * ww[1]
		c2 += x * ww[2]
		c3 += x * ww[3]
		c4 += x * ww[4]
		c5 += x * ww[5]
		c6 += x * ww[6]
		c7 += x * ww[7]
	}
	acc := [gemmBlock]float32{c0, c1, c2, c3, c4, c5, c6, c7}
	copy(dst, acc[:])
}
