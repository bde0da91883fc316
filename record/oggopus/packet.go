package oggopus

import (
	"time"

	"github.com/lkbot/lkbot/media/opus"
)

// samples is the length of an Opus packet at 48 kHz, 0 for a malformed
// one.
func samples(p []byte) int {
	d, ok := opus.PacketDuration(p)
	if !ok {
		return 0
	}
	return int(d * 48000 / time.Second)
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
