package reception

import "time"

// ntpEpochOffset is the seconds from 1900 (NTP's epoch) to 1970 (Unix's).
const ntpEpochOffset = 2_208_988_800

// wallClock maps a track's RTP timestamps to wall-clock time. RTP time is
// unwrapped to 64 bits, so 32-bit wrap-around (13 hours at 90 kHz) does not
// matter. The mapping is anchored on the latest sender report (RFC 3550
// 6.4.1: an NTP time and the RTP timestamp of the same instant); before
// the first report, on the first packet's arrival. A pause (RTP time jumps
// while nothing arrives) keeps its length. Times handed out never go back.
type wallClock struct {
	rate int64

	started bool  // the first packet set unwrapped
	last    int64 // unwrapped RTP time of the latest timestamp seen

	anchorWall time.Time
	anchorRTP  int64
	fromSR     bool

	pending    bool // a sender report came before the first packet
	pendingNTP time.Time
	pendingRTP uint32

	latest time.Time // the latest frame time handed out
}

// unwrap extends ts to 64 bits next to the latest timestamp seen.
func (c *wallClock) unwrap(ts uint32) int64 {
	c.last += int64(int32(ts - uint32(c.last)))
	return c.last
}

// firstPacket anchors the clock on the first packet, unless a sender
// report came already.
func (c *wallClock) firstPacket(ts uint32, arrival time.Time) {
	c.started, c.last = true, int64(ts)
	c.anchorWall, c.anchorRTP = arrival, c.last
	if c.pending {
		c.anchorWall, c.anchorRTP, c.fromSR = c.pendingNTP, c.unwrap(c.pendingRTP), true
	}
}

// senderReport re-anchors the clock. It returns true, and how far the
// report moved times, when it replaces the arrival mapping.
func (c *wallClock) senderReport(ntp uint64, rtpTime uint32) (shift time.Duration, switched bool) {
	wall := ntpTime(ntp)
	if !c.started {
		c.pending, c.pendingNTP, c.pendingRTP = true, wall, rtpTime
		return 0, false
	}
	at := c.unwrap(rtpTime)
	if !c.fromSR {
		shift, switched = wall.Sub(c.at(at)), true
	}
	c.anchorWall, c.anchorRTP, c.fromSR = wall, at, true
	return shift, switched
}

// frame returns the wall time of a frame of RTP timestamp ts, no earlier
// than the previous frame's.
func (c *wallClock) frame(ts uint32) time.Time {
	w := c.at(c.unwrap(ts))
	if w.Before(c.latest) {
		w = c.latest
	}
	c.latest = w
	return w
}

// at maps unwrapped RTP time to wall time through the anchor.
func (c *wallClock) at(rtp int64) time.Time {
	d := rtp - c.anchorRTP
	secs, rem := d/c.rate, d%c.rate
	return c.anchorWall.Add(time.Duration(secs)*time.Second + time.Duration(rem*int64(time.Second)/c.rate))
}

// ntpTime converts a 64-bit NTP timestamp (32.32 fixed-point seconds
// since 1900) to time.Time.
func ntpTime(ntp uint64) time.Time {
	secs, frac := int64(ntp>>32)-ntpEpochOffset, ntp&0xffffffff
	return time.Unix(secs, int64(frac*1e9>>32))
}
