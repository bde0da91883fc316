package stats

import "time"

// ntpEpochOffset is the seconds from 1900 (NTP's epoch) to 1970 (Unix's).
const ntpEpochOffset = 2_208_988_800

// senderClock maps a stream's RTP timestamps to the sender's wall clock,
// from the latest RTCP sender report (RFC 3550 6.4.1): the report pairs an
// NTP time with the RTP timestamp of the same instant. LiveKit rewrites
// the reports it forwards so that they keep the publisher's capture clock.
type senderClock struct {
	clockRate float64
	ok        bool
	wall      time.Time
	rtp       uint32
}

// report takes a sender report's NTP and RTP times.
func (c *senderClock) report(ntp uint64, rtp uint32) {
	if c.clockRate == 0 || ntp == 0 {
		return
	}
	secs, frac := int64(ntp>>32)-ntpEpochOffset, ntp&0xffffffff
	c.wall = time.Unix(secs, int64(frac*1e9>>32))
	c.rtp, c.ok = rtp, true
}

// at returns the sender's wall-clock time of RTP timestamp ts, false
// before the first report.
func (c *senderClock) at(ts uint32) (time.Time, bool) {
	if !c.ok {
		return time.Time{}, false
	}
	d := float64(int32(ts-c.rtp)) / c.clockRate
	return c.wall.Add(time.Duration(d * float64(time.Second))), true
}
