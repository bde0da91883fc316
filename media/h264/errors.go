package h264

import "errors"

// Errors returned by ParseSPS; check them with errors.Is.
var (
	// ErrNotSPS means the NAL unit is not a sequence parameter set (type 7).
	ErrNotSPS = errors.New("h264: NAL unit is not an SPS")
	// ErrTruncated means the bitstream ended before the field being read.
	ErrTruncated = errors.New("h264: SPS truncated")
	// ErrInvalidSPS means a field holds a value the standard does not allow.
	ErrInvalidSPS = errors.New("h264: SPS has an out-of-range field")
)
