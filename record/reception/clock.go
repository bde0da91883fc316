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
//
// For video, a new anchor does not move frame times at once: they would
// jump, or bunch up where they move back (the first report moves them back
// by the network's delay). The difference is taken up as a correction
// that shrinks by slewRate of the media time that passes, so frames stay
// within 10% of their spacing, and a move of 100 ms is gone after a second
// of media. A move of more than maxSlew (a sender that changed its clock)
// is taken at once. Audio takes every move at once: players play audio
// frames end to end, whatever their times, so times closer together than
// the frames' length would put the sound late; the caller drops frames
// that overlap instead.
type wallClock struct {
	rate int64
	slew bool // video: slew into a new anchor

	started bool  // the first packet set unwrapped
	last    int64 // unwrapped RTP time of the latest timestamp seen

	anchorWall time.Time
	anchorRTP  int64
	fromSR     bool

	pending    bool // a sender report came before the first packet
	pendingNTP time.Time
	pendingRTP uint32

	latest time.Time // the latest frame time handed out

	framed     bool          // a frame time was handed out
	frameRTP   int64         // unwrapped RTP time of the latest frame
	correction time.Duration // added to the mapping, shrinking to zero
}

// Slewing from one anchor to the next (see wallClock).
const (
	slewRate = 0.1
	maxSlew  = time.Second
)

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
	before := c.at(c.frameRTP).Add(c.correction)
	c.anchorWall, c.anchorRTP, c.fromSR = wall, at, true
	c.correction = 0
	if move := c.at(c.frameRTP).Sub(before); c.slew && c.framed && move.Abs() <= maxSlew {
		c.correction = -move
	}
	return shift, switched
}

// frame returns the wall time of a frame of RTP timestamp ts, no earlier
// than the previous frame's.
func (c *wallClock) frame(ts uint32) time.Time {
	rtp := c.unwrap(ts)
	if c.framed && rtp > c.frameRTP {
		c.correction = towardZero(c.correction, time.Duration(slewRate*float64(c.duration(rtp-c.frameRTP))))
	}
	c.framed, c.frameRTP = true, rtp
	w := c.at(rtp).Add(c.correction)
	if w.Before(c.latest) {
		w = c.latest
	}
	c.latest = w
	return w
}

// duration is d of RTP time as a time.Duration.
func (c *wallClock) duration(d int64) time.Duration {
	secs, rem := d/c.rate, d%c.rate
	return time.Duration(secs)*time.Second + time.Duration(rem*int64(time.Second)/c.rate)
}

// towardZero moves d toward zero by step at most.
func towardZero(d, step time.Duration) time.Duration {
	switch {
	case d > step:
		return d - step
	case d < -step:
		return d + step
	}
	return 0
}

// at maps unwrapped RTP time to wall time through the anchor.
func (c *wallClock) at(rtp int64) time.Time {
	return c.anchorWall.Add(c.duration(rtp - c.anchorRTP))
}

// ntpTime converts a 64-bit NTP timestamp (32.32 fixed-point seconds
// since 1900) to time.Time.
func ntpTime(ntp uint64) time.Time {
	secs, frac := int64(ntp>>32)-ntpEpochOffset, ntp&0xffffffff
	return time.Unix(secs, int64(frac*1e9>>32))
}
