package stats

import "errors"

// Errors returned by H264SPSSize; check them with errors.Is.
var (
	// ErrNotSPS means the NAL unit is not a sequence parameter set (type 7).
	ErrNotSPS = errors.New("stats: NAL unit is not an H.264 SPS")
	// ErrTruncated means the bitstream ended before the field being read.
	ErrTruncated = errors.New("stats: H.264 SPS truncated")
	// ErrInvalidSPS means a field holds a value the standard does not allow.
	ErrInvalidSPS = errors.New("stats: H.264 SPS has an out-of-range field")
)
