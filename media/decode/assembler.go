package decode

import (
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

// Frame is one whole compressed frame assembled from RTP packets.
type Frame struct {
	// Data is the depacketised bitstream, the receiver's to keep.
	Data []byte
	// Timestamp is the frame's RTP timestamp.
	Timestamp uint32
	// Keyframe: the frame decodes without earlier frames.
	Keyframe bool
	// Arrival is when the packet that completed the frame arrived (the
	// latest of its packets): the instant media/stats' sender-report
	// latency measures to, so that the two methods agree.
	Arrival time.Time
	// AfterGap: packets were lost or skipped since the previous frame,
	// so a decoder must wait for a keyframe.
	AfterGap bool
}

const (
	// assemblerSlots is the reorder window in packets, a power of two:
	// half a second of 720p at 4 Mbit/s.
	assemblerSlots = 512
	// holeWait is how long a missing packet is waited for (by
	// retransmission) once later packets arrived, as media/stats waits.
	holeWait = 500 * time.Millisecond
)

// slot is one buffered packet.
type slot struct {
	valid   bool
	seq     uint16
	ts      uint32
	marker  bool
	head    bool // the first packet of a frame, by the codec's descriptor
	padding bool
	arrival time.Time
	payload []byte // a copy, reused across packets
}

// Assembler turns one RTP stream's packets into whole frames, in sequence
// order, with the codec's own depacketiser from pion/rtp/codecs. It waits
// up to half a second for a missing packet, then skips past it and marks
// the next frame AfterGap. Push must be called from one goroutine.
type Assembler struct {
	codec   Codec
	emit    func(Frame)
	depack  rtp.Depacketizer
	slots   [assemblerSlots]slot
	started bool
	next    uint16 // first sequence number not yet consumed
	newest  uint16 // highest sequence number buffered
	gap     bool   // the next frame emitted is AfterGap
	moved   bool   // next moved past a packet
	holeAt  time.Time
}

// NewAssembler returns an assembler for codec c that calls emit, on
// Push's goroutine, with each frame it completes.
func NewAssembler(c Codec, emit func(Frame)) *Assembler {
	a := &Assembler{codec: c, emit: emit}
	if c == VP9 {
		a.depack = &codecs.VP9Packet{}
	} else {
		a.depack = &codecs.VP8Packet{}
	}
	return a
}

// Push adds packet p, which arrived at arrival, and emits the frames it
// completes. It copies what it keeps of p.
func (a *Assembler) Push(p *rtp.Packet, arrival time.Time) {
	if p == nil {
		return
	}
	seq := p.SequenceNumber
	if !a.started {
		a.started, a.next, a.newest = true, seq, seq
	}
	switch ahead := uint16(seq - a.next); {
	case ahead >= 1<<15 && !a.moved && -int16(ahead) < assemblerSlots/2:
		a.next = seq // reordered at the start: nothing was consumed yet
	case ahead >= 1<<15:
		return // already consumed or skipped
	case ahead >= assemblerSlots:
		a.restart(seq) // far ahead: a sender restart or a long outage
	}
	if int16(seq-a.newest) > 0 {
		a.newest = seq
	}
	s := &a.slots[seq%assemblerSlots]
	if s.valid && s.seq == seq {
		return // duplicate
	}
	s.valid, s.seq, s.ts, s.marker, s.arrival = true, seq, p.Timestamp, p.Marker, arrival
	s.padding = len(p.Payload) == 0
	s.head = !s.padding && a.depack.IsPartitionHead(p.Payload)
	s.payload = append(s.payload[:0], p.Payload...)
	a.drain(arrival)
}

// restart forgets everything buffered and starts again at seq.
func (a *Assembler) restart(seq uint16) {
	for i := range a.slots {
		a.slots[i].valid = false
	}
	a.next, a.newest, a.gap, a.holeAt = seq, seq, true, time.Time{}
}

// at returns the buffered packet of seq, or nil.
func (a *Assembler) at(seq uint16) *slot {
	if s := &a.slots[seq%assemblerSlots]; s.valid && s.seq == seq {
		return s
	}
	return nil
}

// consume frees the packets from a.next up to end (exclusive).
func (a *Assembler) consume(end uint16) {
	for ; a.next != end; a.next++ {
		a.slots[a.next%assemblerSlots].valid = false
		a.moved = true
	}
	a.holeAt = time.Time{}
}

// buffered reports whether any packet at or after a.next is buffered.
func (a *Assembler) buffered() bool {
	return int16(a.newest-a.next) >= 0
}

// unit says what frameEnd found at a.next.
type unit int

const (
	unitReady   unit = iota // a whole unit is buffered
	unitWaiting             // every packet so far arrived; the rest has not
	unitHole                // a packet before the unit's end is missing
)

// drain emits every frame complete from a.next on, skipping a hole that
// waited too long.
func (a *Assembler) drain(now time.Time) {
	for a.buffered() {
		end, state := a.frameEnd()
		switch state {
		case unitWaiting:
			return
		case unitHole:
			if !a.skipHole(now) {
				return
			}
			continue
		}
		s := a.at(a.next)
		switch {
		case s.padding:
			a.consume(a.next + 1)
		case !s.head: // the rest of a frame whose start was skipped
			a.gap = true
			a.consume(a.next + 1)
		default:
			a.emitFrame(end)
		}
	}
}

// frameEnd finds the end (exclusive) of the unit starting at a.next: one
// padding packet, one stray packet, or a whole frame. A frame ends at its
// marker packet, or before a packet of a later timestamp (an SFU that
// dropped the upper layers may leave no marker).
func (a *Assembler) frameEnd() (uint16, unit) {
	first := a.at(a.next)
	if first == nil {
		return 0, unitHole
	}
	if !first.padding && !first.head && !a.moved {
		return 0, unitHole // the first packet yet: its frame's head may come late
	}
	if first.padding || !first.head {
		return a.next + 1, unitReady
	}
	for seq := a.next; ; seq++ {
		s := a.at(seq)
		if s == nil {
			return 0, unitHole
		}
		if s.ts != first.ts && !s.padding {
			return seq, unitReady
		}
		if s.marker {
			return seq + 1, unitReady
		}
		if seq == a.newest {
			return 0, unitWaiting
		}
	}
}

// skipHole gives up the packets before the first buffered one after a
// hole, once the hole has waited holeWait or the window is half full. It
// reports whether it skipped.
func (a *Assembler) skipHole(now time.Time) bool {
	if a.holeAt.IsZero() {
		a.holeAt = now
	}
	if now.Sub(a.holeAt) < holeWait && uint16(a.newest-a.next) < assemblerSlots/2 {
		return false
	}
	// Skip the incomplete frame at a.next (if it started) and the hole.
	ts, started := uint32(0), false
	if s := a.at(a.next); s != nil {
		ts, started = s.ts, true
	}
	end := a.next + 1
	for ; end != a.newest+1; end++ {
		if s := a.at(end); s != nil && (!started || (s.ts != ts && !s.padding)) {
			break
		}
	}
	a.gap = true
	a.consume(end)
	return true
}

// emitFrame depacketises the packets from a.next to end into a frame.
func (a *Assembler) emitFrame(end uint16) {
	var (
		data    []byte
		arrival time.Time
		ts      = a.at(a.next).ts
		bad     bool
	)
	for seq := a.next; seq != end; seq++ {
		s := a.at(seq)
		if s.padding {
			continue
		}
		payload, err := a.depack.Unmarshal(s.payload)
		if err != nil {
			bad = true
			break
		}
		data = append(data, payload...)
		if s.arrival.After(arrival) {
			arrival = s.arrival
		}
	}
	a.consume(end)
	if bad || len(data) == 0 {
		a.gap = true
		return
	}
	f := Frame{Data: data, Timestamp: ts, Keyframe: IsKeyframe(a.codec, data), Arrival: arrival, AfterGap: a.gap}
	a.gap = false
	a.emit(f)
}
