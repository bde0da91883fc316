package decode

import "errors"

// Sentinel errors, wrapped with context and checked with errors.Is.
var (
	// ErrClosed: the decoder was used after Close.
	ErrClosed = errors.New("decoder is closed")
	// ErrUnknownCodec: the codec is neither VP8 nor VP9.
	ErrUnknownCodec = errors.New("unknown decoder codec")
	// ErrCorrupt: libvpx could not decode the frame, or it announced a
	// picture larger than MaxPixels.
	ErrCorrupt = errors.New("corrupt frame")
	// ErrUnsupported: the picture decoded to a format other than 8-bit
	// I420 (VP9 profiles 1 to 3).
	ErrUnsupported = errors.New("unsupported picture format")
	// ErrLibvpx: libvpx itself refused a call.
	ErrLibvpx = errors.New("libvpx")
)
