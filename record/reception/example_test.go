package reception_test

import (
	"fmt"
	"time"

	"github.com/pion/rtp"

	"github.com/lkbot/lkbot/record/reception"
)

// A track's reader goroutine pushes every packet and writes the frames
// that come out; the RTCP reader hands over sender reports (serialised
// with Push by the caller); at the end, Flush gives the last frames.
func Example() {
	track, err := reception.New(reception.Params{
		MimeType:        "audio/opus",
		RequestKeyframe: nil, // video: send a PLI
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	arrival := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	track.SenderReport(0xed003780_00000000, 1000) // 2026-01-01 00:00 UTC (NTP) is RTP time 1000
	for i := range 3 {
		pkt := &rtp.Packet{
			Header:  rtp.Header{Version: 2, SequenceNumber: uint16(i), Timestamp: 1000 + uint32(i)*960},
			Payload: []byte{0xfc, 0xff, 0xfe},
		}
		for _, f := range track.Push(pkt, arrival.Add(time.Duration(i)*20*time.Millisecond)) {
			fmt.Println(f.RTPTime, f.Wall.Format(time.RFC3339Nano))
		}
	}
	for _, f := range track.Flush() {
		fmt.Println(f.RTPTime, f.Wall.Format(time.RFC3339Nano), "(flushed)")
	}
	st := track.Stats()
	fmt.Println(st.Packets, "packets,", st.Frames, "frames,", st.Gaps, "gaps")
	// Output:
	// 1000 2026-01-01T00:00:00Z
	// 1960 2026-01-01T00:00:00.02Z
	// 2920 2026-01-01T00:00:00.04Z (flushed)
	// 3 packets, 3 frames, 0 gaps
}
