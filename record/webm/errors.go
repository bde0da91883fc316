package webm

import "errors"

// Errors returned by Create, New, Write and AVCConfig, wrapped with
// details; check them with errors.Is.
var (
	// ErrNoTracks means Create was given no track.
	ErrNoTracks = errors.New("no tracks")
	// ErrCodec means a track's codec is not vp8, vp9, h264 or opus.
	ErrCodec = errors.New("unsupported codec: want vp8, vp9, h264 or opus")
	// ErrTrack means Write was given a track index that Create was not.
	ErrTrack = errors.New("no such track")
	// ErrClosed means the Writer was closed.
	ErrClosed = errors.New("writer closed")
	// ErrAVCConfig means SPS and PPS NAL units cannot make an avcC record.
	ErrAVCConfig = errors.New("invalid H.264 parameter sets")
	// ErrNoParameterSets means an H.264 track has no CodecPrivate and no
	// SPS and PPS arrived before its header had to be written.
	ErrNoParameterSets = errors.New("H.264 track has no SPS and PPS: pass Track.CodecPrivate (see AVCConfig)")
)
