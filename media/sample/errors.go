package sample

import "errors"

// Errors returned by Open, wrapped with the file name and details; check
// them with errors.Is.
var (
	// ErrFormat means the file is not IVF, Ogg/Opus or H.264 Annex-B, or
	// its structure is invalid.
	ErrFormat = errors.New("unrecognized format: want IVF (VP8, VP9), Ogg/Opus or H.264 Annex-B")
	// ErrTruncated means the file ends inside a header, page or frame.
	ErrTruncated = errors.New("truncated")
	// ErrUnsupportedCodec means the container is known but its codec is not
	// one lkbot can send (VP8, VP9, H.264, Opus).
	ErrUnsupportedCodec = errors.New("unsupported codec")
	// ErrNoKeyframe means the first frame is not a keyframe, so receivers
	// could not decode anything until the file loops.
	ErrNoKeyframe = errors.New("does not start with a keyframe")
)
