// Package opus reads what lkbot needs of an Opus packet's TOC byte (RFC
// 6716 3.1): how long the packet lasts.
package opus

import "time"

// MaxPacket is the longest an Opus packet may last (RFC 6716 3.2.5).
const MaxPacket = 120 * time.Millisecond

// PacketDuration reads a packet's TOC byte: the configuration gives the
// frame size, the code the number of frames (for code 3, the frame count
// byte that follows). ok is false for malformed packets.
func PacketDuration(p []byte) (d time.Duration, ok bool) {
	if len(p) < 1 {
		return 0, false
	}
	cfg := p[0] >> 3
	var frame time.Duration
	switch {
	case cfg < 12: // SILK-only: 10, 20, 40, 60 ms
		frame = [4]time.Duration{10, 20, 40, 60}[cfg&3] * time.Millisecond
	case cfg < 16: // hybrid: 10, 20 ms
		frame = 10 * time.Millisecond << (cfg & 1)
	default: // CELT-only: 2.5, 5, 10, 20 ms
		frame = 2500 * time.Microsecond << (cfg & 3)
	}
	n := 1
	switch p[0] & 3 {
	case 1, 2:
		n = 2
	case 3:
		if len(p) < 2 || p[1]&0x3f == 0 {
			return 0, false
		}
		n = int(p[1] & 0x3f)
	}
	d = frame * time.Duration(n)
	return d, d <= MaxPacket
}
