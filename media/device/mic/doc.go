// Package mic captures a microphone, or any other capture device such as a
// PulseAudio sink monitor, through miniaudio (github.com/gen2brain/malgo),
// as 48 kHz mono int16 for the Opus encoder.
//
// Only the PulseAudio and ALSA backends are used. miniaudio's null backend,
// which would "capture" silence forever, is never accepted: when neither
// backend finds a capture device, List and Open fail with ErrNoAudioServer.
package mic
