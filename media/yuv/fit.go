package yuv

// FitSize returns the largest w×h, both even, within maxW×maxH that keeps
// srcW:srcH's aspect ratio as closely as even numbers allow. It never
// upscales: a source that already fits keeps its size, rounded down to
// even. Any size that is not positive gives 0, 0; so does a fit that would
// be narrower or shorter than 2 pixels.
func FitSize(srcW, srcH, maxW, maxH int) (w, h int) {
	if srcW <= 0 || srcH <= 0 || maxW <= 0 || maxH <= 0 {
		return 0, 0
	}
	maxW, maxH = min(maxW, srcW), min(maxH, srcH)
	// Compare srcW/srcH with maxW/maxH without dividing: the tighter side
	// is taken whole and the other follows the aspect, rounded to the
	// nearest even number that still fits.
	if int64(srcW)*int64(maxH) >= int64(srcH)*int64(maxW) {
		w = maxW &^ 1
		h = evenNearest(int64(srcH)*int64(w), int64(srcW), maxH)
	} else {
		h = maxH &^ 1
		w = evenNearest(int64(srcW)*int64(h), int64(srcH), maxW)
	}
	if w < 2 || h < 2 {
		return 0, 0
	}
	return w, h
}

// evenNearest returns num/den rounded to the nearest even number, at most
// limit rounded down to even.
func evenNearest(num, den int64, limit int) int {
	v := int((num + den) / (2 * den) * 2)
	return min(v, limit&^1)
}
