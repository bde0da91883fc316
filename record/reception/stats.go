package reception

import (
	"sync/atomic"
	"time"
)

// Stats counts what a Track received. Any goroutine may read them.
type Stats struct {
	// Packets is every packet pushed, late and duplicate ones included.
	Packets uint64
	// Frames is the frames returned by Push and Flush.
	Frames uint64
	// Gaps counts losses: places where the jitter buffer gave up packets
	// (lost, late beyond its window, or malformed) before a frame.
	Gaps uint64
	// Dropped counts whole frames thrown away because a decoder could not
	// use them: video frames after a gap or at the start, until a keyframe.
	Dropped uint64
	// KeyframeRequests counts calls of Params.RequestKeyframe.
	KeyframeRequests uint64
	// Late counts packets that came after their frame was released or
	// given up, duplicates included.
	Late uint64
	// SenderReports counts the sender reports taken.
	SenderReports uint64
	// SenderClock: frame times come from sender reports; false while they
	// come from the first packet's arrival.
	SenderClock bool
	// ClockShift is how far the first sender report moved frame times
	// from the arrival mapping used until then (negative: earlier, as
	// the report takes network delay out).
	ClockShift time.Duration
}

// counters are Stats as atomics: the Track's goroutine writes them, any
// goroutine reads them.
type counters struct {
	packets, frames, gaps, dropped, requests, late, reports atomic.Uint64
	senderClock                                             atomic.Bool
	clockShift                                              atomic.Int64
}

func (c *counters) snapshot() Stats {
	return Stats{
		Packets: c.packets.Load(), Frames: c.frames.Load(), Gaps: c.gaps.Load(),
		Dropped: c.dropped.Load(), KeyframeRequests: c.requests.Load(), Late: c.late.Load(),
		SenderReports: c.reports.Load(), SenderClock: c.senderClock.Load(),
		ClockShift: time.Duration(c.clockShift.Load()),
	}
}
