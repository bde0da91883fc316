package stats

import (
	"time"

	"github.com/pion/rtp/codecs"
)

// Frame assembly without copying payloads: a frame is the packets of one
// RTP timestamp, from a partition head (as the codec's own depacketiser in
// pion/rtp/codecs sees it) to the packet with the marker bit. It is
// complete when every sequence number in between arrived, and decodable
// when it is complete and either a keyframe or the direct successor (by
// sequence number) of a decodable frame: one lost packet of a delta frame
// breaks the chain until the next keyframe, as in a real decoder.
const (
	// assemblerSlots bounds the frames waiting for a missing packet.
	assemblerSlots = 32
	// frameWait is how long a frame may wait for a retransmission once a
	// later frame is complete, before it is given up as lost.
	frameWait = 500 * time.Millisecond
)

// pendingFrame is a frame some of whose packets arrived.
type pendingFrame struct {
	ts       uint32
	first    int64 // arrival of its first packet, Unix ns (no pointer: cheap to shift)
	minSeq   int64 // lowest extended sequence number received
	headSeq  int64 // lowest partition head received, or -1
	endSeq   int64 // the marker packet, or -1
	packets  int64 // distinct packets received
	keyframe bool
}

func (f *pendingFrame) complete() bool {
	return f.headSeq >= 0 && f.headSeq == f.minSeq && f.endSeq >= 0 && f.packets == f.endSeq-f.minSeq+1
}

// assembler turns packets into frame completions. It keeps no payload.
type assembler struct {
	isHead func(payload []byte) bool
	seq    *sequence // tells which sequence numbers between frames arrived
	// onFrame is called for each frame let through, in timestamp order,
	// with whether it is decodable, its RTP timestamp and when it became
	// displayable.
	onFrame func(decodable bool, ts uint32, at time.Time)

	pending  [assemblerSlots]pendingFrame // sorted by timestamp
	n        int
	released bool   // lastTS and lastEnd are valid
	lastTS   uint32 // timestamp of the newest released frame
	lastEnd  int64  // marker sequence number of the newest released frame
	chainOK  bool   // the newest released frame was decodable

	complete  uint64 // frames released complete
	decodable uint64 // frames released complete with their chain intact
	broken    uint64 // frames released incomplete or given up
}

// newAssembler returns an assembler for a video codec, or nil for codecs
// it cannot delimit.
func newAssembler(c codecKind, seq *sequence, onFrame func(decodable bool, ts uint32, at time.Time)) *assembler {
	var isHead func([]byte) bool
	switch c {
	case codecVP8:
		isHead = (&codecs.VP8Packet{}).IsPartitionHead
	case codecVP9:
		isHead = (&codecs.VP9Packet{}).IsPartitionHead
	case codecH264:
		isHead = (&codecs.H264Packet{}).IsPartitionHead
	default:
		return nil
	}
	return &assembler{isHead: isHead, seq: seq, onFrame: onFrame}
}

// reset forgets every pending frame and the chain, after a sender restart
// renumbered the sequence.
func (a *assembler) reset() {
	a.n, a.released, a.chainOK = 0, false, false
}

// push adds one non-duplicate packet, with its extended sequence number,
// and lets through the frames it completes.
func (a *assembler) push(ext int64, ts uint32, marker, keyframe bool, payload []byte, at time.Time) {
	if a.released && int32(ts-a.lastTS) <= 0 {
		return // a frame already let through or given up
	}
	f := a.slot(ts, at)
	if f == nil {
		return
	}
	f.packets++
	f.minSeq = min(f.minSeq, ext)
	if a.isHead(payload) && (f.headSeq < 0 || ext < f.headSeq) {
		f.headSeq = ext
	}
	if marker {
		f.endSeq = ext
	}
	f.keyframe = f.keyframe || keyframe
	a.release(at)
}

// slot finds the pending frame of ts, or opens one in timestamp order. When
// every slot is taken, the oldest frame is given up first.
func (a *assembler) slot(ts uint32, at time.Time) *pendingFrame {
	i := 0
	for ; i < a.n; i++ {
		d := int32(ts - a.pending[i].ts)
		if d == 0 {
			return &a.pending[i]
		}
		if d < 0 {
			break
		}
	}
	if a.n == assemblerSlots {
		if i == 0 {
			return nil // older than everything waiting: too late to matter
		}
		a.drop()
		i--
	}
	copy(a.pending[i+1:a.n+1], a.pending[i:a.n])
	a.n++
	a.pending[i] = pendingFrame{ts: ts, first: at.UnixNano(), minSeq: 1 << 62, headSeq: -1, endSeq: -1}
	return &a.pending[i]
}

// release lets through, oldest first, the frames that are complete. A
// complete delta frame that follows a gap in sequence numbers waits up to
// frameWait for the gap to be filled by retransmission, as a jitter buffer
// does; an incomplete frame is given up once it has waited that long and a
// later frame is complete.
func (a *assembler) release(now time.Time) {
	for a.n > 0 {
		f := &a.pending[0]
		waited := now.UnixNano()-f.first >= int64(frameWait)
		follows := a.released && a.between(a.lastEnd, f.minSeq)
		if f.complete() && (f.keyframe || follows || !a.released || !a.chainOK || waited) {
			ok := f.keyframe || (follows && a.chainOK)
			a.complete++
			if ok {
				a.decodable++
			}
			a.lastTS, a.lastEnd, a.chainOK, a.released = f.ts, f.endSeq, ok, true
			a.onFrame(ok, f.ts, now)
			a.shift()
			continue
		}
		if !waited || !a.laterComplete() {
			return
		}
		a.drop()
	}
}

// between reports whether every sequence number strictly between from and
// to arrived: padding that a sender's pacer slips between two frames does
// not break them apart, a lost packet does.
func (a *assembler) between(from, to int64) bool {
	if to <= from || to-from > seqWindow/2 || from+1 <= a.seq.max-seqWindow {
		return to == from+1
	}
	for e := from + 1; e < to; e++ {
		if !a.seq.has(e) {
			return false
		}
	}
	return true
}

// laterComplete reports whether a frame behind the oldest is complete.
func (a *assembler) laterComplete() bool {
	for i := 1; i < a.n; i++ {
		if a.pending[i].complete() {
			return true
		}
	}
	return false
}

// drop gives up the oldest pending frame: the chain breaks.
func (a *assembler) drop() {
	f := &a.pending[0]
	a.broken++
	a.lastTS, a.released, a.chainOK = f.ts, true, false
	if f.endSeq >= 0 {
		a.lastEnd = f.endSeq
	}
	a.onFrame(false, f.ts, time.Unix(0, f.first))
	a.shift()
}

func (a *assembler) shift() {
	copy(a.pending[:a.n-1], a.pending[1:a.n])
	a.n--
}
