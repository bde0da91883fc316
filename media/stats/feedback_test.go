package stats

import (
	"testing"

	"github.com/pion/interceptor"
	"github.com/pion/rtcp"
)

func TestFeedbackCounter(t *testing.T) {
	var c FeedbackCounter
	i, err := c.NewInterceptor("")
	if err != nil {
		t.Fatal(err)
	}
	var passed int
	w := i.BindRTCPWriter(interceptor.RTCPWriterFunc(func(pkts []rtcp.Packet, _ interceptor.Attributes) (int, error) {
		passed += len(pkts)
		return 0, nil
	}))
	batches := [][]rtcp.Packet{
		{&rtcp.TransportLayerNack{MediaSSRC: 7, Nacks: rtcp.NackPairsFromSequenceNumbers([]uint16{10, 12, 13, 40})}},
		{&rtcp.PictureLossIndication{MediaSSRC: 7}, &rtcp.ReceiverReport{SSRC: 1}},
		{&rtcp.CompoundPacket{&rtcp.ReceiverReport{SSRC: 1}, &rtcp.PictureLossIndication{MediaSSRC: 9}}},
		{&rtcp.FullIntraRequest{FIR: []rtcp.FIREntry{{SSRC: 7}, {SSRC: 9}}}},
		{&rtcp.TransportLayerNack{MediaSSRC: 7, Nacks: rtcp.NackPairsFromSequenceNumbers([]uint16{12})}},
	}
	for _, b := range batches {
		if _, err := w.Write(b, nil); err != nil {
			t.Fatal(err)
		}
	}
	if passed != 6 {
		t.Errorf("%d packets passed through, want all 6", passed)
	}
	if got, want := c.Counts(7), (Feedback{NACKed: 5, NACKs: 2, PLIs: 1, FIRs: 1}); got != want {
		t.Errorf("SSRC 7: %+v, want %+v", got, want)
	}
	if got, want := c.Counts(9), (Feedback{PLIs: 1, FIRs: 1}); got != want {
		t.Errorf("SSRC 9: %+v, want %+v", got, want)
	}
	if got := c.Counts(8); got != (Feedback{}) {
		t.Errorf("SSRC 8, never asked about: %+v", got)
	}
}
