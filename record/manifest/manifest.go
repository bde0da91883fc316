package manifest

import "time"

// FileName is the manifest's name in the recording's directory.
const FileName = "manifest.json"

// Version is the format this package writes and reads.
const Version = "lkbot.record/v1"

// Manifest describes one recording.
type Manifest struct {
	// Version is the format; Write fills it in when it is empty.
	Version string `json:"version"`
	// Room is the room recorded.
	Room string `json:"room"`
	// Recorder is the identity the recording bot joined as.
	Recorder string `json:"recorder"`
	// Started is when recording began; Ended when it finished, zero (and
	// left out) while it goes on.
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended,omitzero"`
	// Tracks are the recorded tracks in the order they were first heard.
	Tracks []Track `json:"tracks"`
}

// Track is one recorded track.
type Track struct {
	Participant string `json:"participant"`
	SID         string `json:"track_sid"`
	// Source is camera, microphone, screen_share or screen_share_audio.
	Source string `json:"source"`
	// Kind is audio or video.
	Kind string `json:"kind"`
	// Codec is the MIME type's subtype, e.g. VP8, H264, opus.
	Codec string `json:"codec"`
	// Files are the track's files in order, names relative to the
	// manifest's directory: one, or one per segment.
	Files []string `json:"files"`
	// Start and End are the wall-clock times of the first and last frames
	// written.
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
	// Frames and Packets are what the reception layer received.
	Frames  uint64 `json:"frames"`
	Packets uint64 `json:"packets"`
	// Gaps counts losses the jitter buffer gave up on; Dropped the frames
	// thrown away after them until a keyframe came.
	Gaps             uint64 `json:"gaps"`
	Dropped          uint64 `json:"dropped_frames"`
	KeyframeRequests uint64 `json:"keyframe_requests"`
}
