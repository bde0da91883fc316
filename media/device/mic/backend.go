package mic

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/gen2brain/malgo"
)

// backends are tried in this order. Tried one at a time, rather than as
// one list handed to malgo.InitContext, so that we know which one answered:
// malgo does not say, and miniaudio's own fallback list ends with the null
// backend, which must never be used.
var backends = []struct {
	id   malgo.Backend
	name string
	// present reports whether the backend can have a device at all.
	present func() bool
}{
	{malgo.BackendPulseaudio, "pulseaudio", func() bool { return true }},
	{malgo.BackendAlsa, "alsa", soundCardPresent},
}

// audioContext is an initialised miniaudio context and the capture
// devices it offers.
type audioContext struct {
	ctx     *malgo.AllocatedContext
	backend string
	devices []Device
	infos   []malgo.DeviceInfo
}

// openContext initialises the first backend that offers a capture device.
// Without one it fails with ErrNoAudioServer.
func openContext(ctx context.Context) (*audioContext, error) {
	for _, b := range backends {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !b.present() {
			continue
		}
		ac, err := tryBackend(b.id, b.name)
		if err == nil {
			return ac, nil
		}
	}
	return nil, ErrNoAudioServer
}

// tryBackend fails unless the backend initialises and lists at least one
// usable capture device.
func tryBackend(id malgo.Backend, name string) (*audioContext, error) {
	// The zero PulseContextConfig leaves TryAutoSpawn off: a bot must not
	// start an audio server of its own.
	mctx, err := malgo.InitContext([]malgo.Backend{id}, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, err
	}
	ac := &audioContext{ctx: mctx, backend: name}
	infos, err := mctx.Devices(malgo.Capture)
	if err != nil {
		ac.close()
		return nil, fmt.Errorf("list %s capture devices: %w", name, err)
	}
	for _, info := range infos {
		d := deviceFromInfo(name, info)
		if silent(d) {
			continue
		}
		ac.devices = append(ac.devices, d)
		ac.infos = append(ac.infos, info)
	}
	if len(ac.devices) == 0 {
		ac.close()
		return nil, ErrNoAudioServer
	}
	return ac, nil
}

// soundCardPresent reports whether the kernel knows a sound card. Without
// one, ALSA still lists its plugins (pulse, jack, oss, rate converters),
// none of which can capture anything, and opening "default" only prints
// errors.
func soundCardPresent() bool {
	cards, _ := filepath.Glob("/proc/asound/card[0-9]*")
	return len(cards) > 0
}

// silent reports devices that only ever produce silence: ALSA's null PCM.
func silent(d Device) bool {
	return d.Backend == "alsa" && d.Name == "null"
}

func (ac *audioContext) close() {
	ac.ctx.Uninit()
	ac.ctx.Free()
}
