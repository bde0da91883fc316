package oggopus

// samples is the length of an Opus packet at 48 kHz (RFC 6716 3.1), 0 for
// a malformed one.
func samples(p []byte) int {
	if len(p) == 0 {
		return 0
	}
	frames := 1
	switch p[0] & 3 {
	case 1, 2:
		frames = 2
	case 3:
		if len(p) < 2 {
			return 0
		}
		frames = int(p[1] & 0x3f)
	}
	n := frames * frameSamples(p[0]>>3)
	if n > 5760 { // 120 ms
		return 0
	}
	return n
}

// frameSamples is the frame length of a TOC configuration at 48 kHz.
func frameSamples(config byte) int {
	switch {
	case config < 12: // SILK: 10, 20, 40, 60 ms
		return [4]int{480, 960, 1920, 2880}[config&3]
	case config < 16: // Hybrid: 10, 20 ms
		return [2]int{480, 960}[config&1]
	default: // CELT: 2.5, 5, 10, 20 ms
		return [4]int{120, 240, 480, 960}[config&3]
	}
}

// silence is a CELT fullband mono packet of one silent frame: its range
// coder's first symbol, the silence flag, is set (RFC 6716 4.3). Its TOC
// configuration 28 to 31 picks 2.5, 5, 10 or 20 ms.
func silence(samples int) []byte {
	config := byte(31)
	switch samples {
	case 120:
		config = 28
	case 240:
		config = 29
	case 480:
		config = 30
	}
	return []byte{config << 3, 0xff, 0xfe}
}
