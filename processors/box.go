package processors

import "math"

// boxScratch is the scratch boxH needs for rows of w values.
func boxScratch(w int) int { return 4 * w }

// boxH replaces each row of p (w x h) by its running mean over 2r+1
// samples, repeating the edge samples, using row as scratch (boxScratch(w)
// values). Rows go four at a time: each running sum waits on its previous
// value, and four of them keep the processor busy.
func boxH(p []float32, w, h, r int, row []float32) {
	if r <= 0 {
		return
	}
	inv := 1 / float32(2*r+1)
	if r == 1 {
		for y := range h {
			box3(p[y*w:(y+1)*w], inv)
		}
		return
	}
	y := 0
	for ; y+4 <= h; y += 4 {
		boxRows4(p[y*w:(y+4)*w], w, r, inv, row[:4*w])
	}
	for ; y < h; y++ {
		boxRow(p[y*w:(y+1)*w], r, inv, row[:w])
	}
}

// boxRow is boxH of one row, with scratch tmp of its length.
func boxRow(p []float32, r int, inv float32, tmp []float32) {
	copy(tmp, p)
	last := len(p) - 1
	sum := float32(r+1) * tmp[0]
	for i := 1; i <= r; i++ {
		sum += tmp[min(i, last)]
	}
	for x := range p {
		p[x] = sum * inv
		sum += tmp[min(x+r+1, last)] - tmp[max(x-r, 0)]
	}
}

// boxRows4 is boxH of four rows of w values, with scratch tmp of their
// length.
func boxRows4(p []float32, w, r int, inv float32, tmp []float32) {
	copy(tmp, p)
	last := w - 1
	t0, t1, t2, t3 := tmp[:w], tmp[w:2*w], tmp[2*w:3*w], tmp[3*w:4*w]
	p0, p1, p2, p3 := p[:w], p[w:2*w], p[2*w:3*w], p[3*w:4*w]
	k := float32(r + 1)
	s0, s1, s2, s3 := k*t0[0], k*t1[0], k*t2[0], k*t3[0]
	for i := 1; i <= r; i++ {
		j := min(i, last)
		s0, s1, s2, s3 = s0+t0[j], s1+t1[j], s2+t2[j], s3+t3[j]
	}
	for x := range p0 {
		p0[x], p1[x], p2[x], p3[x] = s0*inv, s1*inv, s2*inv, s3*inv
		a, b := min(x+r+1, last), max(x-r, 0)
		s0 += t0[a] - t0[b]
		s1 += t1[a] - t1[b]
		s2 += t2[a] - t2[b]
		s3 += t3[a] - t3[b]
	}
}

// box3 is boxH of one row for radius 1: with no running sum, its sums do
// not wait on each other.
func box3(p []float32, inv float32) {
	prev, cur := p[0], p[0]
	last := len(p) - 1
	for x := range last {
		next := p[x+1]
		p[x] = (prev + cur + next) * inv
		prev, cur = cur, next
	}
	p[last] = (prev + 2*cur) * inv
}

// boxV is boxH down the columns; acc and win are scratch: acc holds w
// running sums and win keeps the original rows still needed (2r+2 of them,
// so (2r+2)*w values).
func boxV(p []float32, w, h, r int, acc, win []float32) {
	if r <= 0 {
		return
	}
	inv := 1 / float32(2*r+1)
	n := 2*r + 2 // ring of original rows: row i lives at slot i % n
	rowAt := func(i int) []float32 { i = min(max(i, 0), h-1); s := i % n; return win[s*w : (s+1)*w] }
	for i := 0; i <= min(r+1, h-1); i++ {
		copy(rowAt(i), p[i*w:(i+1)*w])
	}
	acc = acc[:w]
	first := rowAt(0)
	for x := range acc {
		acc[x] = float32(r+1) * first[x]
	}
	for i := 1; i <= r; i++ {
		add := rowAt(i)
		for x := range acc {
			acc[x] += add[x]
		}
	}
	for y := range h {
		// Row y+r+1 must be saved before row y is overwritten below
		// it would be, once y+r+1 < h.
		if j := y + r + 1; j < h && j > r+1 {
			copy(rowAt(j), p[j*w:(j+1)*w])
		}
		dst := p[y*w : (y+1)*w]
		add, sub := rowAt(y+r+1), rowAt(y-r)
		dst, add, sub = dst[:len(acc)], add[:len(acc)], sub[:len(acc)]
		for x, v := range acc {
			dst[x] = v * inv
			acc[x] = v + add[x] - sub[x]
		}
	}
}

// gaussBoxes returns the radii of three box filters whose succession
// approximates a Gaussian of standard deviation sigma (in samples), after
// W. Jarosz / P. Kovesi: widths wl and wl+2 mixed to match the variance.
func gaussBoxes(sigma float64) [3]int {
	const n = 3
	if sigma <= 0 {
		return [3]int{}
	}
	wIdeal := math.Sqrt(12*sigma*sigma/n + 1)
	wl := int(math.Floor(wIdeal))
	if wl%2 == 0 {
		wl--
	}
	wl = max(wl, 1)
	mIdeal := (12*sigma*sigma - n*float64(wl*wl) - 4*n*float64(wl) - 3*n) / (-4*float64(wl) - 4)
	m := int(math.Round(mIdeal))
	var r [3]int
	for i := range r {
		wi := wl
		if i >= m {
			wi = wl + 2
		}
		r[i] = (wi - 1) / 2
	}
	return r
}
