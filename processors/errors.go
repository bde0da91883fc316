package processors

import "errors"

var (
	// ErrBadRadius reports a blur radius that is not a number from 0 to
	// MaxBlurRadius.
	ErrBadRadius = errors.New("blur radius out of range")
	// ErrBadImage reports a background image with no pixels.
	ErrBadImage = errors.New("background image is empty")
	// ErrClosed reports a change to an Effect after Close.
	ErrClosed = errors.New("effect is closed")
)
