package stats

import "time"

// Snapshot is what a Receiver has measured. Counters are totals since the
// first packet; FPS and BitrateBps cover the interval since the previous
// Snapshot call on the same Receiver.
type Snapshot struct {
	// MimeType is the codec as given to NewReceiver, e.g. "video/VP8".
	MimeType string `json:"mime_type"`
	// Packets counts every packet pushed, duplicates included.
	Packets uint64 `json:"packets"`
	// Bytes counts RTP payload bytes, without headers or padding, like
	// WebRTC's bytesReceived.
	Bytes uint64 `json:"bytes"`
	// Lost counts sequence numbers not received. A late packet takes its
	// number off again, unless it is more than 511 behind the newest.
	Lost uint64 `json:"lost"`
	// Frames counts distinct RTP timestamps for video (each when its first
	// packet arrives ahead of newer frames), packets for audio.
	Frames uint64 `json:"frames"`
	// Keyframes counts frames whose payload marks them as keyframes.
	Keyframes uint64 `json:"keyframes"`
	// Width and Height are the latest resolution read from the bitstream,
	// zero until one is seen or for codecs without one.
	Width  int `json:"width"`
	Height int `json:"height"`
	// FPS is frames per second over the window.
	FPS float64 `json:"fps"`
	// BitrateBps is payload bits per second over the window.
	BitrateBps float64 `json:"bitrate_bps"`
	// JitterMs is the RFC 3550 interarrival jitter in milliseconds, zero
	// when the clock rate is unknown.
	JitterMs float64 `json:"jitter_ms"`
	// LastKeyframe is when the latest keyframe's first packet arrived, zero
	// if none has.
	LastKeyframe time.Time `json:"last_keyframe,omitzero"`
}
