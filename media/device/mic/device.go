package mic

import (
	"bytes"

	"github.com/gen2brain/malgo"
)

// Device describes a capture device as List shows it.
type Device struct {
	// Name is the backend's own name: a PulseAudio source name such as
	// "alsa_input.usb-....analog-stereo" or "lkbot_sink.monitor", or an
	// ALSA PCM such as "default" or ":1,0".
	Name string
	// Description is the human one, such as "Monitor of Null Output".
	Description string
	// ID is miniaudio's device ID, hex-encoded.
	ID string
	// Default is set on the backend's default capture device.
	Default bool
	// Backend is "pulseaudio" or "alsa".
	Backend string
}

// deviceFromInfo reads the name out of miniaudio's ID: for both PulseAudio
// and ALSA the ID union holds a NUL-terminated device name.
func deviceFromInfo(backend string, info malgo.DeviceInfo) Device {
	id := info.ID[:]
	if i := bytes.IndexByte(id, 0); i >= 0 {
		id = id[:i]
	}
	return Device{
		Name:        string(id),
		Description: info.Name(),
		ID:          info.ID.String(),
		Default:     info.IsDefault != 0,
		Backend:     backend,
	}
}
