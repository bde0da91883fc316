package encode

// DefaultBitrate is the target for a camera layer of w x h at 30 frames/s,
// following LiveKit's client presets (h720 1.7 Mbps, h360 450 kbps, h180
// 160 kbps), scaled by pixel count in between.
func DefaultBitrate(w, h int) int {
	px := w * h
	switch {
	case px >= 1280*720:
		return 1_700_000 * px / (1280 * 720)
	case px >= 640*360:
		return 450_000 + (1_700_000-450_000)*(px-640*360)/(1280*720-640*360)
	case px >= 320*180:
		return 160_000 + (450_000-160_000)*(px-320*180)/(640*360-320*180)
	}
	return 160_000 * px / (320 * 180)
}
