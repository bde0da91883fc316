package bot

import (
	"fmt"

	"github.com/livekit/protocol/livekit"
)

// Source names as commands and events spell them.
const (
	SourceCamera      = "camera"
	SourceMicrophone  = "microphone"
	SourceScreenShare = "screen_share"
	// SourceScreenShareAudio is the screen share's sound.
	SourceScreenShareAudio = "screen_share_audio"
)

// ParseSource maps a source name to LiveKit's track source.
func ParseSource(s string) (livekit.TrackSource, error) {
	switch s {
	case SourceCamera:
		return livekit.TrackSource_CAMERA, nil
	case SourceMicrophone, "mic":
		return livekit.TrackSource_MICROPHONE, nil
	case SourceScreenShare:
		return livekit.TrackSource_SCREEN_SHARE, nil
	case SourceScreenShareAudio:
		return livekit.TrackSource_SCREEN_SHARE_AUDIO, nil
	}
	return 0, fmt.Errorf("%w %q (want camera, microphone, screen_share or screen_share_audio)", ErrUnknownSource, s)
}

// SourceName is the inverse of ParseSource; unknown sources are "unknown".
func SourceName(s livekit.TrackSource) string {
	switch s {
	case livekit.TrackSource_CAMERA:
		return SourceCamera
	case livekit.TrackSource_MICROPHONE:
		return SourceMicrophone
	case livekit.TrackSource_SCREEN_SHARE:
		return SourceScreenShare
	case livekit.TrackSource_SCREEN_SHARE_AUDIO:
		return SourceScreenShareAudio
	}
	return "unknown"
}
