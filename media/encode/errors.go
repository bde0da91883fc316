package encode

import "errors"

// Sentinel errors, wrapped with context and checked with errors.Is.
var (
	// ErrUnknownCodec: a codec name lkbot does not encode.
	ErrUnknownCodec = errors.New("unknown codec")
	// ErrBadSize: a frame size lkbot does not encode.
	ErrBadSize = errors.New("bad frame size")
	// ErrClosed: an encoder was used after Close.
	ErrClosed = errors.New("encoder is closed")
)
