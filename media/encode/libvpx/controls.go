package libvpx

// #include "vpxenc.h"
import "C"

import "fmt"

// control is one vpx_codec_control setting.
type control struct {
	name  string
	id    C.int
	value C.int
}

// Speed settings. At libvpx's default cpu-used 0, VP8 takes about 22 ms per
// 720p frame here against about 5 ms at -12, the setting libwebrtc uses on
// low-power machines; VP9 at 8 is libwebrtc's real-time speed.
const (
	vp8CPUUsed = -12
	vp9CPUUsed = 8
)

// controlsFor returns the settings lkbot applies to a new codec context of
// codec c at fps frames/s. They live in the context, so they are applied
// again whenever the context is rebuilt.
func controlsFor(c Codec, fps int) []control {
	common := []control{
		{"VP8E_SET_STATIC_THRESHOLD", C.VP8E_SET_STATIC_THRESHOLD, 1},
		{"VP8E_SET_MAX_INTRA_BITRATE_PCT", C.VP8E_SET_MAX_INTRA_BITRATE_PCT, maxIntraPct(fps)},
	}
	if c == VP8 {
		return append([]control{{"VP8E_SET_CPUUSED", C.VP8E_SET_CPUUSED, vp8CPUUsed}}, common...)
	}
	return append([]control{
		{"VP8E_SET_CPUUSED", C.VP8E_SET_CPUUSED, vp9CPUUsed},
		{"VP9E_SET_AQ_MODE", C.VP9E_SET_AQ_MODE, 3}, // cyclic refresh
		{"VP9E_SET_ROW_MT", C.VP9E_SET_ROW_MT, 1},
		{"VP9E_SET_TUNE_CONTENT", C.VP9E_SET_TUNE_CONTENT, C.VP9E_CONTENT_DEFAULT},
		// The synthetic source is BT.601 limited range; without this VP9
		// says "unknown" and Chromium shows BT.709 colours.
		{"VP9E_SET_COLOR_SPACE", C.VP9E_SET_COLOR_SPACE, C.VPX_CS_BT_601},
		{"VP9E_SET_COLOR_RANGE", C.VP9E_SET_COLOR_RANGE, C.VPX_CR_STUDIO_RANGE},
	}, common...)
}

// maxIntraPct caps a keyframe at half the optimal buffer (600 ms), as a
// percentage of an average frame, the way libwebrtc does.
func maxIntraPct(fps int) C.int {
	return C.int(max(300, 600*fps/20))
}

// apply sets every control on ctx.
func apply(ctx *C.vpx_codec_ctx_t, controls []control) error {
	for _, c := range controls {
		if rc := C.lkbot_control(ctx, c.id, c.value); rc != C.VPX_CODEC_OK {
			return codecError(ctx, fmt.Sprintf("set %s to %d", c.name, c.value), rc)
		}
	}
	return nil
}

// codecError describes a failed libvpx call with libvpx's own words.
func codecError(ctx *C.vpx_codec_ctx_t, op string, rc C.vpx_codec_err_t) error {
	msg := C.GoString(C.vpx_codec_err_to_string(rc))
	if ctx != nil {
		if detail := C.vpx_codec_error_detail(ctx); detail != nil {
			msg += " (" + C.GoString(detail) + ")"
		}
	}
	return fmt.Errorf("%w: %s: %s", ErrLibvpx, op, msg)
}
