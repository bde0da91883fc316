package mic

// Stats count samples (at 48 kHz mono) since Open.
type Stats struct {
	// Captured samples arrived from the device.
	Captured uint64
	// Overruns are samples dropped, oldest first, because Next was not
	// called often enough to keep the buffer from filling.
	Overruns uint64
	// Underruns are samples of silence Next padded with because the device
	// had not delivered enough.
	Underruns uint64
}
