package yuv

import "testing"

func TestFitSize(t *testing.T) {
	tests := []struct{ sw, sh, mw, mh, w, h int }{
		{1920, 1080, 1280, 720, 1280, 720},
		{640, 480, 1280, 720, 640, 480},    // never upscales
		{641, 481, 1280, 720, 640, 480},    // rounded down to even
		{1440, 1080, 1280, 720, 960, 720},  // 4:3 in 16:9: height-bound
		{1080, 1920, 1280, 720, 406, 720},  // portrait
		{2560, 1080, 1280, 720, 1280, 540}, // ultrawide: width-bound
		{1000, 563, 640, 360, 640, 360},    // 360.3 rounds to 360
		{3840, 2160, 1279, 719, 1276, 718}, // odd limits; 1276.4 wide
		{100, 1, 64, 64, 0, 0},             // too thin to fit
		{0, 10, 10, 10, 0, 0},
		{10, 10, -1, 10, 0, 0},
	}
	for _, tt := range tests {
		w, h := FitSize(tt.sw, tt.sh, tt.mw, tt.mh)
		if w != tt.w || h != tt.h {
			t.Errorf("FitSize(%d, %d, %d, %d) = %dx%d, want %dx%d", tt.sw, tt.sh, tt.mw, tt.mh, w, h, tt.w, tt.h)
		}
	}
}
