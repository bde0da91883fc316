package encode

import (
	"sync"
	"time"

	"github.com/pion/rtcp"
)

// Feedback is what the receivers of one sent stream (the SFU) reported
// back over RTCP: the keyframe and retransmission requests, and the loss
// and round-trip time of their receiver reports.
type Feedback struct {
	// PLIs counts picture loss indications and full intra requests.
	PLIs uint64
	// NACKs counts NACK packets; NackedPackets, the packets they asked
	// for again.
	NACKs, NackedPackets uint64
	// Reports counts the receiver reports about the stream.
	Reports uint64
	// RemoteLost is the cumulative packets lost the last receiver report
	// gave, and RemoteFractionLost its loss since the report before, 0 to
	// 1.
	RemoteLost         uint32
	RemoteFractionLost float64
	// RTT is the round-trip time of the last receiver report that echoed
	// a sender report (RFC 3550 §6.4.1: arrival − LSR − DLSR); RTTs counts
	// them and RTTSum adds them up.
	RTT    time.Duration
	RTTs   uint64
	RTTSum time.Duration
}

// feedback collects a stream's Feedback from its RTCP.
type feedback struct {
	mu sync.Mutex
	f  Feedback
	// ssrc is the stream's own SSRC: reports about others are ignored.
	// Zero takes the first report block, as a sender of one stream has.
	ssrc func() uint32
}

// onRTCP records pkt, which arrived at now.
func (fb *feedback) onRTCP(pkt rtcp.Packet, now time.Time) {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	switch p := pkt.(type) {
	case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
		fb.f.PLIs++
	case *rtcp.TransportLayerNack:
		fb.f.NACKs++
		for _, pair := range p.Nacks {
			fb.f.NackedPackets += uint64(len(pair.PacketList()))
		}
	case *rtcp.ReceiverReport:
		for _, r := range p.Reports {
			if fb.ssrc != nil && fb.ssrc() != 0 && r.SSRC != fb.ssrc() {
				continue
			}
			fb.report(r, now)
			break
		}
	}
}

// report records one receiver report block.
func (fb *feedback) report(r rtcp.ReceptionReport, now time.Time) {
	fb.f.Reports++
	fb.f.RemoteLost = r.TotalLost
	fb.f.RemoteFractionLost = float64(r.FractionLost) / 256
	if r.LastSenderReport == 0 {
		return // no sender report echoed yet
	}
	// The middle 32 bits of now's NTP time, in 1/65536 s, as LSR is.
	arrival := uint32(ntpTime(now) >> 16)
	units := arrival - r.LastSenderReport - r.Delay
	if units > 1<<31 {
		return // a report from before a clock step: negative
	}
	rtt := time.Duration(units) * time.Second / 65536
	fb.f.RTT = rtt
	fb.f.RTTs++
	fb.f.RTTSum += rtt
}

// snapshot returns the feedback so far.
func (fb *feedback) snapshot() Feedback {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	return fb.f
}

// ntpTime is t as a 64-bit NTP timestamp: seconds since 1900 in the high
// 32 bits, the fraction in the low 32.
func ntpTime(t time.Time) uint64 {
	const ntpEpochOffset = 2208988800 // seconds from 1900 to 1970
	secs := uint64(t.Unix()) + ntpEpochOffset
	frac := uint64(t.Nanosecond()) << 32 / 1e9
	return secs<<32 | frac
}
