// Package libvpx encodes I420 frames to VP8 or VP9 with libvpx's public
// API, set up for real-time CBR the way libwebrtc sets up its encoders.
//
// Unlike pion/mediadevices' vpx package it keeps its speed settings when
// the frame size or the bitrate changes: every codec context it builds gets
// the same controls.
package libvpx

/*
#cgo pkg-config: vpx
#include <stdlib.h>
#include "vpxenc.h"
*/
import "C"

import (
	"fmt"
	"image"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Encoder is one libvpx encoder. Encode, SetBitrate and Close are
// serialised; ForceKeyFrame may be called from any goroutine at any time.
type Encoder struct {
	codec    Codec
	controls []control
	force    atomic.Bool

	mu  sync.Mutex
	c   *C.lkbot_vpx // C memory; nil once closed
	pts C.vpx_codec_pts_t
}

// NewEncoder builds an encoder for cfg.
func NewEncoder(cfg Config) (*Encoder, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("new %s encoder: %w", cfg.Codec, err)
	}
	iface, _ := cfg.Codec.iface()
	c := (*C.lkbot_vpx)(C.calloc(1, C.sizeof_lkbot_vpx))
	if c == nil {
		return nil, fmt.Errorf("new %s encoder: out of memory", cfg.Codec)
	}
	e := &Encoder{codec: cfg.Codec, controls: controlsFor(cfg.Codec, cfg.FPS), c: c}
	if rc := C.vpx_codec_enc_config_default(iface, &c.cfg, 0); rc != C.VPX_CODEC_OK {
		C.free(unsafe.Pointer(c))
		return nil, fmt.Errorf("new %s encoder: %w", cfg.Codec, codecError(nil, "default config", rc))
	}
	cfg.fill(&c.cfg)
	if err := e.open(); err != nil {
		e.Close()
		return nil, fmt.Errorf("new %s encoder %dx%d: %w", cfg.Codec, cfg.Width, cfg.Height, err)
	}
	return e, nil
}

// open builds the codec context from e.c.cfg and applies every control.
func (e *Encoder) open() error {
	iface, err := e.codec.iface()
	if err != nil {
		return err
	}
	if rc := C.vpx_codec_enc_init_ver(&e.c.ctx, iface, &e.c.cfg, 0, C.VPX_ENCODER_ABI_VERSION); rc != C.VPX_CODEC_OK {
		return codecError(&e.c.ctx, "init", rc)
	}
	e.c.live = 1
	e.pts = 0
	return apply(&e.c.ctx, e.controls)
}

// shut destroys the codec context, if any.
func (e *Encoder) shut() {
	if e.c.live != 0 {
		C.vpx_codec_destroy(&e.c.ctx)
		e.c.live = 0
	}
}

// resize rebuilds the codec context for frames of w x h. libvpx's
// vpx_codec_enc_config_set can only shrink a frame, and a rebuilt context
// starts with a keyframe, which a decoder needs after a size change anyway.
func (e *Encoder) resize(w, h int) error {
	e.shut()
	e.c.cfg.g_w, e.c.cfg.g_h = C.uint(w), C.uint(h)
	if err := e.open(); err != nil {
		e.shut()
		return fmt.Errorf("resize to %dx%d: %w", w, h, err)
	}
	return nil
}

// ForceKeyFrame makes the next encoded frame a keyframe.
func (e *Encoder) ForceKeyFrame() { e.force.Store(true) }

// SetBitrate changes the target bitrate from the next frame on, keeping
// every other setting.
func (e *Encoder) SetBitrate(bps int) error {
	if err := checkBitrate(bps); err != nil {
		return fmt.Errorf("set %s bitrate: %w", e.codec, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.c == nil {
		return fmt.Errorf("set %s bitrate: %w", e.codec, ErrClosed)
	}
	e.c.cfg.rc_target_bitrate = kbps(bps)
	if e.c.live == 0 {
		return nil // the next open takes it
	}
	if rc := C.vpx_codec_enc_config_set(&e.c.ctx, &e.c.cfg); rc != C.VPX_CODEC_OK {
		return fmt.Errorf("set %s bitrate: %w", e.codec, codecError(&e.c.ctx, "config set", rc))
	}
	// libvpx keeps controls across a config change; applying them again
	// makes that independent of its internals.
	if err := apply(&e.c.ctx, e.controls); err != nil {
		return fmt.Errorf("set %s bitrate: %w", e.codec, err)
	}
	return nil
}

// Close frees the codec context and its C memory. It is safe to call more
// than once.
func (e *Encoder) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.c == nil {
		return nil
	}
	e.shut()
	C.free(unsafe.Pointer(e.c))
	e.c = nil
	return nil
}

// Encode encodes one I420 frame and reports whether the result is a
// keyframe. A frame of a new size rebuilds the encoder with the same
// settings. The returned slice is the caller's.
func (e *Encoder) Encode(frame *image.YCbCr) (data []byte, key bool, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.c == nil {
		return nil, false, fmt.Errorf("encode %s: %w", e.codec, ErrClosed)
	}
	planes, err := planesOf(frame)
	if err != nil {
		return nil, false, fmt.Errorf("encode %s: %w", e.codec, err)
	}
	if e.c.live == 0 || planes.w != int(e.c.cfg.g_w) || planes.h != int(e.c.cfg.g_h) {
		if err := e.resize(planes.w, planes.h); err != nil {
			return nil, false, fmt.Errorf("encode %s: %w", e.codec, err)
		}
	}
	var flags C.vpx_enc_frame_flags_t
	if e.force.Swap(false) {
		flags |= C.VPX_EFLAG_FORCE_KF
	}
	rc := C.lkbot_encode(e.c,
		(*C.uchar)(unsafe.Pointer(&planes.y[0])), (*C.uchar)(unsafe.Pointer(&planes.u[0])), (*C.uchar)(unsafe.Pointer(&planes.v[0])),
		C.int(planes.yStride), C.int(planes.cStride), e.pts, flags)
	if rc != C.VPX_CODEC_OK {
		return nil, false, fmt.Errorf("encode %s: %w", e.codec, codecError(&e.c.ctx, "encode", rc))
	}
	e.pts++
	return e.collect()
}

// collect joins the compressed packets of the frame just encoded into a
// new slice.
func (e *Encoder) collect() ([]byte, bool, error) {
	var (
		iter C.vpx_codec_iter_t
		buf  unsafe.Pointer
		size C.size_t
		flag C.int
		data []byte
		key  bool
	)
	for C.lkbot_packet(&e.c.ctx, &iter, &buf, &size, &flag) != nil {
		data = append(data, unsafe.Slice((*byte)(buf), int(size))...)
		key = key || flag != 0
	}
	return data, key, nil
}
