package synthetic

import "errors"

// Errors returned by the constructors, wrapped with the value that was
// rejected; check them with errors.Is.
var (
	// ErrVideoSize rejects a frame size the video source cannot render.
	ErrVideoSize = errors.New("width and height must be even, from 64 to 8192, with width at most 5 times height")
	// ErrFrameRate rejects a frame rate outside 1 to 120 fps.
	ErrFrameRate = errors.New("frame rate must be from 1 to 120 fps")
	// ErrSampleRate rejects an audio sample rate outside 8000 to 96000 Hz.
	ErrSampleRate = errors.New("sample rate must be from 8000 to 96000 Hz")
	// ErrChannels rejects an audio channel count other than 1 or 2.
	ErrChannels = errors.New("channels must be 1 (mono) or 2 (stereo)")
)
