package segmentation

// Mask is a soft person mask: for each pixel, row by row, the confidence in
// [0, 1] that it shows a person. It is not thresholded, so edges stay soft.
type Mask struct {
	Width, Height int
	Conf          []float32
}

// resize sets the mask's size, reusing Conf's storage when it is big enough.
func (m *Mask) resize(width, height int) {
	m.Width, m.Height = width, height
	n := width * height
	if cap(m.Conf) < n {
		m.Conf = make([]float32, n)
	}
	m.Conf = m.Conf[:n]
}

// ResizeInto scales m bilinearly to width x height and stores the result in
// dst, reusing dst.Conf's storage when it is big enough. Pixel centres are
// aligned, as when the model input was scaled from the frame. dst must not
// be m.
func (m *Mask) ResizeInto(dst *Mask, width, height int) {
	dst.resize(width, height)
	if m.Width == 0 || m.Height == 0 || width == 0 || height == 0 {
		clear(dst.Conf)
		return
	}
	sx := float32(m.Width) / float32(width)
	sy := float32(m.Height) / float32(height)
	for y := 0; y < height; y++ {
		y0, y1, fy := sampleAxis(y, sy, m.Height)
		r0 := m.Conf[y0*m.Width : (y0+1)*m.Width]
		r1 := m.Conf[y1*m.Width : (y1+1)*m.Width]
		resizeRow(dst.Conf[y*width:(y+1)*width], r0, r1, fy, sx)
	}
}

// blendLimit is the widest source row blended on the stack first.
const blendLimit = 1024

// resizeRow fills out, one destination row, from source rows r0 and r1
// blended with weight fy on r1, scaling columns by sx. Masks are narrow,
// so the two rows are usually blended once into a stack buffer and only
// columns are interpolated per destination pixel.
func resizeRow(out, r0, r1 []float32, fy, sx float32) {
	n := len(r0)
	r1 = r1[:n]
	if n > blendLimit {
		for x := range out {
			x0, x1, fx := sampleAxis(x, sx, n)
			a := r0[x0] + (r1[x0]-r0[x0])*fy
			b := r0[x1] + (r1[x1]-r0[x1])*fy
			out[x] = a + (b-a)*fx
		}
		return
	}
	var buf [blendLimit + 1]float32
	t := buf[:n+1]
	for i := range n {
		t[i] = r0[i] + (r1[i]-r0[i])*fy
	}
	t[n] = t[n-1] // so that x0+1 is always a valid index
	// Columns left of the first source centre copy it; from there on x0
	// and its weight follow v = (x+0.5)*sx - 0.5.
	x := 0
	for ; x < len(out) && (float32(x)+0.5)*sx-0.5 <= 0; x++ {
		out[x] = t[0]
	}
	last := float32(n - 1)
	for ; x < len(out); x++ {
		v := min((float32(x)+0.5)*sx-0.5, last)
		x0 := int(v)
		fx := v - float32(x0)
		a, b := t[x0], t[x0+1]
		out[x] = a + (b-a)*fx
	}
}

// sampleAxis maps destination index i to the two source indices around
// its centre and the weight of the second, for a source of n samples
// scaled by s (source units per destination unit).
func sampleAxis(i int, s float32, n int) (i0, i1 int, f float32) {
	v := (float32(i)+0.5)*s - 0.5
	if v <= 0 {
		return 0, 0, 0
	}
	i0 = int(v)
	if i0 >= n-1 {
		return n - 1, n - 1, 0
	}
	return i0, i0 + 1, v - float32(i0)
}
