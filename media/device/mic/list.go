package mic

import "context"

// List returns the capture devices of the first backend, PulseAudio then
// ALSA, that has any. On PulseAudio these include sink monitors ("Monitor
// of ..."), which capture what is played: that is how screen-share audio
// is captured. Without any, the error wraps ErrNoAudioServer.
func List(ctx context.Context) ([]Device, error) {
	ac, err := openContext(ctx)
	if err != nil {
		return nil, err
	}
	defer ac.close()
	return ac.devices, nil
}
