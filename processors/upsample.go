package processors

// upsampler interpolates a low-resolution plane bilinearly to full
// resolution, one output row at a time, with pixel centres aligned. Values
// are int32 fixed point: the rows it returns are scaled by 16 and the
// vertical weight is in sixteenths, so a caller's final value is scaled
// by 256.
//
// Output rows come in increasing order in practice; the two low-resolution
// rows around the current output row are kept upsampled horizontally
// (slot i&1 holds low row i), so each is computed once.
type upsampler struct {
	src       []int32
	sw, sh, f int // low-resolution size and scale factor
	dw        int
	taps      []tap
	rows      [2][]int32
	rowOf     [2]int
	prepared  bool
}

// tap is one output column: blend of low columns i and i+1 (clamped) with
// weight w/16 on i+1.
type tap struct {
	i, j int32
	w    int32
}

// reset points u at a new plane, keeping its tables when the geometry is
// unchanged.
func (u *upsampler) reset(src []int32, sw, sh, f, dw int) {
	if !u.prepared || u.sw != sw || u.sh != sh || u.f != f || u.dw != dw {
		u.sw, u.sh, u.f, u.dw = sw, sh, f, dw
		u.taps = grow(u.taps, dw)
		for x := range dw {
			i, j, w := axisTap(x, f, sw)
			u.taps[x] = tap{int32(i), int32(j), w}
		}
		u.rows[0], u.rows[1] = grow(u.rows[0], dw), grow(u.rows[1], dw)
		u.prepared = true
	}
	u.src = src
	u.rowOf = [2]int{-1, -1}
}

// axisTap maps output index x to the low-resolution samples i and j
// around its centre and the weight of j in sixteenths, for scale f over n
// samples.
func axisTap(x, f, n int) (i, j int, w int32) {
	// v = (x+0.5)/f - 0.5 in units of 1/(32f) to stay in integers.
	v := (2*x+1)*16 - 16*f
	if v <= 0 {
		return 0, 0, 0
	}
	i = v / (32 * f)
	if i >= n-1 {
		return n - 1, n - 1, 0
	}
	rem := v - i*32*f
	return i, i + 1, int32((rem + f) / (2 * f)) // round to sixteenths
}

// row returns the horizontally upsampled low rows above and below output
// row y and the weight of the lower one in sixteenths.
func (u *upsampler) row(y int) (top, bot []int32, w int32) {
	i, j, w := axisTap(y, u.f, u.sh)
	return u.lowRow(i), u.lowRow(j), w
}

func (u *upsampler) lowRow(i int) []int32 {
	s := i & 1
	out := u.rows[s]
	if u.rowOf[s] == i {
		return out
	}
	u.rowOf[s] = i
	src := u.src[i*u.sw : (i+1)*u.sw]
	// Between the centres of samples k and k+1 the taps step through the
	// same weights; runs of equal taps are walked once per interval.
	x := 0
	for x < len(out) {
		t := u.taps[x]
		a, d := src[t.i], src[t.j]-src[t.i]
		if t.j == t.i { // clamped edge: constant
			for ; x < len(out) && u.taps[x].i == t.i && u.taps[x].j == t.j; x++ {
				out[x] = a * 16
			}
			continue
		}
		end := min(x+u.f, len(out))
		seg, taps := out[x:end], u.taps[x:end]
		for k := range seg {
			if taps[k].i != t.i {
				seg, taps = seg[:k], taps[:k]
				break
			}
			seg[k] = a*16 + d*taps[k].w
		}
		x += len(seg)
	}
	return out
}

// lerp16 blends the upsampled rows at x with weight w/16 on bot; the
// result is scaled by 256.
func lerp16(top, bot int32, w int32) int32 {
	return top*16 + (bot-top)*w
}
