package mic

import "errors"

var (
	// ErrNoAudioServer means neither PulseAudio nor ALSA offered a capture
	// device.
	ErrNoAudioServer = errors.New("no audio server or sound card found (tried PulseAudio and ALSA)")
	// ErrNoDevice means no capture device matches the name asked for.
	ErrNoDevice = errors.New("no microphone")
	// ErrAmbiguousDevice means the name asked for matches several devices.
	ErrAmbiguousDevice = errors.New("ambiguous microphone name")
	// ErrDeviceLost means capture stopped without Close: the device was
	// unplugged, or the audio server went away.
	ErrDeviceLost = errors.New("microphone stopped")
)
