package libvpx

import "errors"

// Sentinel errors, wrapped with context and checked with errors.Is.
var (
	// ErrClosed: the encoder was used after Close.
	ErrClosed = errors.New("libvpx encoder is closed")
	// ErrUnknownCodec: the codec is neither VP8 nor VP9.
	ErrUnknownCodec = errors.New("unknown libvpx codec")
	// ErrBadSize: a frame size libvpx cannot take or that lkbot rejects.
	ErrBadSize = errors.New("bad frame size")
	// ErrBadFrame: a frame that is not usable I420.
	ErrBadFrame = errors.New("bad frame")
	// ErrBadConfig: a bitrate, frame rate or keyframe interval out of range.
	ErrBadConfig = errors.New("bad encoder setting")
	// ErrLibvpx: libvpx itself refused a call.
	ErrLibvpx = errors.New("libvpx")
)
