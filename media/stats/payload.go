package stats

import "strings"

// codecKind selects the payload inspector for a MIME type.
type codecKind uint8

const (
	codecAudio codecKind = iota // frames are packets; no resolution
	codecVideo                  // frames by RTP timestamp; no payload parsing
	codecVP8
	codecVP9
	codecH264
)

// codecFor maps a MIME type such as "video/VP8" (compared without regard
// to case, as SDP does) to a codecKind.
func codecFor(mimeType string) codecKind {
	switch m := strings.ToLower(mimeType); {
	case m == "video/vp8":
		return codecVP8
	case m == "video/vp9":
		return codecVP9
	case m == "video/h264":
		return codecH264
	case strings.HasPrefix(m, "video/"):
		return codecVideo
	default:
		return codecAudio
	}
}

// frameInfo is what one packet's payload says about its frame.
type frameInfo struct {
	keyframe      bool
	width, height int // zero when the packet does not tell
}
