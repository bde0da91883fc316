package opus

import (
	"testing"
	"time"
)

// TestPacketDuration reads TOC bytes of every mode and frame count.
func TestPacketDuration(t *testing.T) {
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	for _, tc := range []struct {
		packet []byte
		want   time.Duration
		ok     bool
	}{
		{[]byte{0 << 3}, ms(10), true},        // SILK NB 10 ms
		{[]byte{3 << 3}, ms(60), true},        // SILK NB 60 ms
		{[]byte{9<<3 | 1}, ms(40), true},      // SILK WB 20 ms, two frames
		{[]byte{13 << 3}, ms(20), true},       // hybrid SWB 20 ms
		{[]byte{16 << 3}, ms(2.5), true},      // CELT 2.5 ms
		{[]byte{31<<3 | 2}, ms(40), true},     // CELT 20 ms, two frames
		{[]byte{31<<3 | 3, 6}, ms(120), true}, // six 20 ms frames
		{[]byte{31<<3 | 3, 0x80 | 3}, ms(60), true},
		{[]byte{31<<3 | 3, 7}, 0, false}, // 140 ms is too long
		{[]byte{31<<3 | 3, 0}, 0, false}, // no frames
		{[]byte{31<<3 | 3}, 0, false},    // count byte missing
		{nil, 0, false},
	} {
		d, ok := PacketDuration(tc.packet)
		if ok != tc.ok || ok && d != tc.want {
			t.Errorf("% x: %v %v, want %v %v", tc.packet, d, ok, tc.want, tc.ok)
		}
	}
}
