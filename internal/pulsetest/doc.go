// Package pulsetest starts a private PulseAudio server for tests: a null
// sink whose monitor is a capture device, so that audio played into the
// sink can be captured back without a sound card.
package pulsetest
