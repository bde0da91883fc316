package processors

import "math"

// boxH replaces each row of p (w x h) by its running mean over 2r+1
// samples, repeating the edge samples, using row as scratch (w values).
func boxH(p []float32, w, h, r int, row []float32) {
	if r <= 0 {
		return
	}
	inv := 1 / float32(2*r+1)
	last := w - 1
	for y := range h {
		src := p[y*w : (y+1)*w]
		copy(row, src)
		sum := float32(r+1) * row[0]
		for i := 1; i <= r; i++ {
			sum += row[min(i, last)]
		}
		for x := range src {
			src[x] = sum * inv
			sum += row[min(x+r+1, last)] - row[max(x-r, 0)]
		}
	}
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
		for x := range dst {
			dst[x] = acc[x] * inv
		}
		add, sub := rowAt(y+r+1), rowAt(y-r)
		for x := range acc {
			acc[x] += add[x] - sub[x]
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
