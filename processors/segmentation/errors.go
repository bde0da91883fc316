package segmentation

import "errors"

var (
	// ErrUnknownModel reports a ModelKind that is neither General nor
	// Landscape.
	ErrUnknownModel = errors.New("unknown segmentation model")
	// ErrBadFrame reports a frame that cannot be segmented: nil, empty, or
	// with planes too small for its rectangle.
	ErrBadFrame = errors.New("frame cannot be segmented")
)
