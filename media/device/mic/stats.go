package mic

// Stats count samples (at 48 kHz mono) since Open.
type Stats struct {
	// Captured samples arrived from the device.
	Captured uint64
	// Overruns are samples dropped, oldest first, because Next fell
	// behind: the 1 s buffer was full, or held more than 200 ms of delay.
	Overruns uint64
	// Underruns are samples of silence Next handed out because the device
	// had not delivered enough, including while the first 60 ms arrive.
	Underruns uint64
}
