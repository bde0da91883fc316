package libvpx

// #include "vpxenc.h"
import "C"

import "fmt"

// maxSide is the largest even width or height both codecs take: VP8 keeps
// its frame size in 14 bits.
const maxSide = 16382

// Config describes an encoder. Every field is required.
type Config struct {
	Codec Codec
	// Width and Height are the first frame size; frames of another size
	// reconfigure the encoder.
	Width, Height int
	// FPS is the nominal frame rate: each frame lasts 1/FPS for the rate
	// control.
	FPS int
	// BitrateBps is the target bitrate, in bits per second.
	BitrateBps int
	// KeyFrameInterval is the longest gap between keyframes, in frames.
	KeyFrameInterval int
}

// validate reports the first field out of range.
func (c Config) validate() error {
	if _, err := c.Codec.iface(); err != nil {
		return err
	}
	if err := checkSize(c.Width, c.Height); err != nil {
		return err
	}
	if err := checkBitrate(c.BitrateBps); err != nil {
		return err
	}
	if c.FPS < 1 || c.FPS > 1000 {
		return fmt.Errorf("%w: frame rate %d, want 1 to 1000", ErrBadConfig, c.FPS)
	}
	if c.KeyFrameInterval < 1 {
		return fmt.Errorf("%w: keyframe interval %d frames, want at least 1", ErrBadConfig, c.KeyFrameInterval)
	}
	return nil
}

// checkSize accepts even sizes from 2 to maxSide: I420 chroma of an odd
// size is ambiguous, and lkbot's scalers produce even sizes.
func checkSize(w, h int) error {
	if w < 2 || h < 2 || w > maxSide || h > maxSide || w%2 != 0 || h%2 != 0 {
		return fmt.Errorf("%w %dx%d: want even width and height from 2 to %d", ErrBadSize, w, h, maxSide)
	}
	return nil
}

func checkBitrate(bps int) error {
	if bps < 1000 || bps > 1_000_000_000 {
		return fmt.Errorf("%w: bitrate %d bit/s, want 1000 to 1e9", ErrBadConfig, bps)
	}
	return nil
}

// fill sets cfg, which holds libvpx's defaults, for real-time CBR the way
// libwebrtc configures its camera encoders (libvpx_vp8_encoder.cc,
// libvpx_vp9_encoder.cc).
func (c Config) fill(cfg *C.vpx_codec_enc_cfg_t) {
	cfg.g_w, cfg.g_h = C.uint(c.Width), C.uint(c.Height)
	cfg.g_timebase.num, cfg.g_timebase.den = 1, C.int(c.FPS)
	cfg.g_threads = 1 // each simulcast layer has its own goroutine already
	cfg.g_pass = C.VPX_RC_ONE_PASS
	cfg.g_lag_in_frames = 0 // every frame out as it goes in
	cfg.g_error_resilient = C.VPX_ERROR_RESILIENT_DEFAULT
	cfg.rc_end_usage = C.VPX_CBR
	cfg.rc_target_bitrate = kbps(c.BitrateBps)
	cfg.rc_resize_allowed = 0
	cfg.rc_dropframe_thresh = 0 // callers count on one output per input
	cfg.rc_buf_initial_sz = 500
	cfg.rc_buf_optimal_sz = 600
	cfg.rc_buf_sz = 1000
	cfg.kf_mode = C.VPX_KF_AUTO
	cfg.kf_min_dist = 0
	cfg.kf_max_dist = C.uint(c.KeyFrameInterval)
	switch c.Codec {
	case VP8:
		cfg.rc_min_quantizer, cfg.rc_max_quantizer = 2, 56
		cfg.rc_undershoot_pct, cfg.rc_overshoot_pct = 100, 15
	case VP9:
		cfg.rc_min_quantizer, cfg.rc_max_quantizer = 2, 52
		cfg.rc_undershoot_pct, cfg.rc_overshoot_pct = 50, 50
	}
}

// kbps converts bits/s to libvpx's kilobits/s, rounded.
func kbps(bps int) C.uint {
	return C.uint((bps + 500) / 1000)
}
