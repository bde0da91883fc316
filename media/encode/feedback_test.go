package encode

import (
	"testing"
	"time"

	"github.com/pion/rtcp"
)

func TestFeedbackCountsRequestsAndReports(t *testing.T) {
	now := time.Unix(1_790_000_000, 250_000_000)
	fb := &feedback{ssrc: func() uint32 { return 42 }}
	fb.onRTCP(&rtcp.PictureLossIndication{MediaSSRC: 42}, now)
	fb.onRTCP(&rtcp.FullIntraRequest{MediaSSRC: 42}, now)
	// One NACK asking for packets 100 and 101..103 (bitmask 0b111).
	fb.onRTCP(&rtcp.TransportLayerNack{MediaSSRC: 42, Nacks: []rtcp.NackPair{{PacketID: 100, LostPackets: 0b111}}}, now)
	// The SFU got our sender report 30 ms before now and held it 10 ms:
	// the round trip took 20 ms.
	lsr := uint32(ntpTime(now.Add(-30*time.Millisecond)) >> 16)
	dlsr := uint32(10 * 65536 / 1000)
	fb.onRTCP(&rtcp.ReceiverReport{Reports: []rtcp.ReceptionReport{
		{SSRC: 7, TotalLost: 999, FractionLost: 255},
		{SSRC: 42, TotalLost: 12, FractionLost: 64, LastSenderReport: lsr, Delay: dlsr},
	}}, now)
	f := fb.snapshot()
	if f.PLIs != 2 || f.NACKs != 1 || f.NackedPackets != 4 {
		t.Fatalf("requests %+v", f)
	}
	if f.RemoteLost != 12 || f.RemoteFractionLost != 0.25 {
		t.Fatalf("loss %+v: another stream's report was taken", f)
	}
	if d := f.RTT - 20*time.Millisecond; d < -time.Millisecond || d > time.Millisecond || f.RTTs != 1 {
		t.Fatalf("RTT %s (%d), want 20ms", f.RTT, f.RTTs)
	}
	// A report that echoes no sender report gives no RTT.
	fb.onRTCP(&rtcp.ReceiverReport{Reports: []rtcp.ReceptionReport{{SSRC: 42, TotalLost: 13}}}, now)
	if f := fb.snapshot(); f.RTTs != 1 || f.RemoteLost != 13 {
		t.Fatalf("after a report without LSR: %+v", f)
	}
}
