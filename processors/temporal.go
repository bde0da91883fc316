package processors

// Temporal smoothing of the mask: an exponential moving average whose
// weight on the new mask grows with how much the picture changed at that
// point since the last segmented frame. Where the scene holds still
// (sensor noise only) the average damps the model's frame-to-frame jitter;
// where something moved the new mask replaces the old one at once, so a
// moving person leaves no ghost trail.
const (
	// emaStill is the weight of the new mask where the picture is still.
	emaStill = 0.1
	// changeLow and changeHigh (luma levels, 0-255, on the reduced grid)
	// bound the ramp from emaStill to 1. Sensor noise averaged over the
	// grid's cells stays well below changeLow.
	changeLow, changeHigh = 6, 18
)

// smooth blends mask into ema in place, point by point, using how far luma
// moved from prev (the luma of the last frame smoothed) there.
func smooth(ema, mask, luma, prev []float32) {
	n := len(ema)
	mask, luma, prev = mask[:n], luma[:n], prev[:n]
	const slope = (1 - emaStill) / (changeHigh - changeLow)
	for i := range ema {
		d := luma[i] - prev[i]
		d = max(d, -d) // no branch: the sign is noise
		k := min(max(emaStill+(d-changeLow)*slope, emaStill), 1)
		ema[i] += k * (mask[i] - ema[i])
	}
}
