package webm

import (
	"encoding/binary"
	"fmt"

	"github.com/at-wat/ebml-go/webm"
)

// Track describes one track of a file.
type Track struct {
	// Codec is "vp8", "vp9", "h264" or "opus".
	Codec string
	// Width and Height are the picture size of a video track. The first
	// keyframe's own size, when the writer can read it, takes precedence,
	// so 0, 0 is fine.
	Width, Height int
	// SampleRate and Channels describe an audio track; 0 means 48000 and 2.
	SampleRate, Channels int
	// CodecPrivate is the codec's setup record: for H.264 an avcC record
	// (see AVCConfig), built from the first keyframe's SPS and PPS when
	// nil; for Opus an OpusHead, built for you when nil.
	CodecPrivate []byte
}

// codecIDs are the Matroska codec IDs of the codecs lkbot records.
var codecIDs = map[string]string{
	"vp8":  "V_VP8",
	"vp9":  "V_VP9",
	"h264": "V_MPEG4/ISO/AVC",
	"opus": "A_OPUS",
}

// track is a Track and what the writer learns of it while writing.
type track struct {
	Track
	number  uint64
	video   bool
	sized   bool  // the first keyframe was looked at
	lastMs  int64 // time of the track's last block, -1 before the first
	frameMs int64 // the track's last block-to-block interval, for the duration
}

func newTracks(ts []Track) ([]track, error) {
	if len(ts) == 0 {
		return nil, ErrNoTracks
	}
	if len(ts) > 126 { // track numbers stay one-byte VINTs in SimpleBlocks
		return nil, fmt.Errorf("%w: %d tracks, at most 126", ErrCodec, len(ts))
	}
	out := make([]track, len(ts))
	for i, t := range ts {
		if _, ok := codecIDs[t.Codec]; !ok {
			return nil, fmt.Errorf("track %d: %w, not %q", i, ErrCodec, t.Codec)
		}
		out[i] = track{Track: t, number: uint64(i + 1), video: t.Codec != "opus", lastMs: -1}
		if t.Codec == "opus" {
			if out[i].SampleRate == 0 {
				out[i].SampleRate = 48000
			}
			if out[i].Channels == 0 {
				out[i].Channels = 2
			}
		}
	}
	return out, nil
}

// entry is the track's TrackEntry.
func (t *track) entry() webm.TrackEntry {
	e := webm.TrackEntry{
		TrackNumber:  t.number,
		TrackUID:     t.number,
		CodecID:      codecIDs[t.Codec],
		CodecPrivate: t.CodecPrivate,
	}
	if t.video {
		e.TrackType = 1
		e.Video = &webm.Video{PixelWidth: uint64(max(t.Width, 0)), PixelHeight: uint64(max(t.Height, 0))}
		return e
	}
	e.TrackType = 2
	e.Audio = &webm.Audio{SamplingFrequency: float64(t.SampleRate), Channels: uint64(t.Channels)}
	if e.CodecPrivate == nil {
		e.CodecPrivate = opusHead(t.Channels, t.SampleRate)
	}
	// Decoders need 80 ms of audio before a seek point to converge (RFC
	// 7845 4.6); pre-skip is 0, so CodecDelay is too.
	e.SeekPreRoll = 80_000_000
	return e
}

// opusHead is the Opus identification header (RFC 7845 5.1) with no
// pre-skip: a recording starts mid-stream, so there is no encoder delay to
// remove.
func opusHead(channels, rate int) []byte {
	b := []byte("OpusHead")
	b = append(b, 1, byte(channels), 0, 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(rate))
	return append(b, 0, 0, 0) // output gain, channel mapping family 0
}

// learn fills in what the track's first keyframe says when the header is
// still to be written: the picture size and, for H.264, the avcC record.
func (t *track) learn(key bool, data []byte) {
	if !t.video || !key || t.sized {
		return
	}
	t.sized = true
	if w, h, ok := keyframeSize(t.Codec, data); ok {
		t.Width, t.Height = w, h
	}
	if t.Codec == "h264" && t.CodecPrivate == nil {
		if sps, pps := parameterSets(data); len(sps) > 0 && len(pps) > 0 {
			t.CodecPrivate, _ = AVCConfig(sps, pps) // nil on error: the header reports it
		}
	}
}
