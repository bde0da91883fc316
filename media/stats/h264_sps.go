package stats

import (
	"errors"

	"github.com/lkbot/lkbot/media/h264"
)

// H264SPSSize returns the displayed width and height coded in an H.264
// sequence parameter set (ITU-T H.264 7.3.2.1.1), after frame cropping.
// sps is the whole NAL unit starting with its header byte, emulation
// prevention bytes still in place. It never panics: malformed input yields
// ErrNotSPS, ErrTruncated or ErrInvalidSPS.
func H264SPSSize(sps []byte) (w, h int, err error) {
	s, err := h264.ParseSPS(sps)
	if err != nil {
		return 0, 0, spsError(err)
	}
	return s.Width, s.Height, nil
}

// spsError turns an error from package h264 into the one of this
// package's that means the same, which callers of H264SPSSize check for.
func spsError(err error) error {
	switch {
	case errors.Is(err, h264.ErrNotSPS):
		return ErrNotSPS
	case errors.Is(err, h264.ErrTruncated):
		return ErrTruncated
	}
	return ErrInvalidSPS
}
