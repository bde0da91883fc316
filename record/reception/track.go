package reception

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/samplebuilder"
)

// Frame is one whole frame.
type Frame struct {
	// Data is the depacketised frame (H.264 as Annex B), the caller's to
	// keep.
	Data []byte
	// Key: the frame decodes on its own. Every Opus frame is Key.
	Key bool
	// RTPTime is the frame's RTP timestamp.
	RTPTime uint32
	// Wall is the sender's wall-clock time of the frame, from its sender
	// reports (before the first, from the first packet's arrival); never
	// earlier than the previous frame's. Video moves to a new report's
	// mapping gradually, audio at once (see wallClock).
	Wall time.Time
	// Width and Height are the size a video keyframe codes (H.264: the
	// latest SPS's); zero otherwise.
	Width, Height int
}

// Params configure a Track.
type Params struct {
	// MimeType is the track's codec, e.g. "video/VP8", case-insensitive:
	// VP8, VP9, H264 or Opus.
	MimeType string
	// ClockRate is the RTP clock rate; 0 means the codec's (90 kHz for
	// video, 48 kHz for Opus).
	ClockRate uint32
	// RequestKeyframe asks the sender for a keyframe (a PLI). It is called
	// on Push's goroutine, at most once a second, after a loss and while
	// frames are dropped for want of a keyframe (at the start too). Nil
	// for audio, or to never ask.
	RequestKeyframe func()
	// Now is the clock that rate-limits keyframe requests; nil means
	// time.Now.
	Now func() time.Time
	// OnSenderClock, if set, hears once, on the goroutine of Push or
	// SenderReport, that frame times switched from the arrival mapping to
	// the sender's reports, and by how much they moved.
	OnSenderClock func(shift time.Duration)
}

// Jitter buffer settings. A frame missing a packet is given up once the
// buffer spans maxWait of RTP time or maxLate packets, whichever first.
const (
	maxWait        = time.Second
	maxLateVideo   = 1024
	maxLateAudio   = 100
	requestEvery   = time.Second
	restartAfter   = 64 // late packets in a row that mean the sender restarted
	maxFreePackets = 2048
	// copySlots exceeds the sequence numbers the builder can hold at once
	// (admit keeps them within maxLateVideo either side of the newest).
	copySlots = 4 * maxLateVideo
)

// Track turns one RTP stream into frames. Push, SenderReport and Flush
// must be called from one goroutine (or be serialised by the caller);
// Stats may be called from any.
type Track struct {
	p     Params
	codec *codec
	clock wallClock
	c     counters

	sb           *samplebuilder.SampleBuilder
	raw          rawChunks
	free         []*rtp.Packet          // copies the builder released, for reuse
	copies       [copySlots]*rtp.Packet // the latest copy of each sequence number, modulo copySlots
	window       uint16                 // the builder's maxLate
	pushed       bool                   // highest is set
	highest      uint16                 // the newest sequence number pushed
	released     bool
	lastReleased uint16
	lateRun      int

	un          unpacker
	seqs        []uint16
	payloads    [][]byte
	out         []Frame
	taken       bool   // a sample came out of the builder
	lastSeq     uint16 // the last packet of the latest sample taken
	needKey     bool
	requested   bool
	lastRequest time.Time
}

// New returns a Track for p's codec, or an error wrapping
// ErrUnsupportedCodec.
func New(p Params) (*Track, error) {
	c := lookupCodec(p.MimeType)
	if c == nil {
		return nil, fmt.Errorf("receive %q: %w (want video/VP8, video/VP9, video/H264 or audio/opus)", p.MimeType, ErrUnsupportedCodec)
	}
	if p.ClockRate == 0 {
		p.ClockRate = c.clockRate
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	t := &Track{p: p, codec: c, needKey: c.video}
	t.clock.rate, t.clock.slew = int64(p.ClockRate), c.video
	t.raw.c = c
	t.newBuilder()
	return t, nil
}

func (t *Track) newBuilder() {
	t.window = maxLateAudio
	if t.codec.video {
		t.window = maxLateVideo
	}
	t.sb = samplebuilder.New(t.window, &t.raw, t.p.ClockRate,
		samplebuilder.WithMaxTimeDelay(maxWait),
		samplebuilder.WithPacketReleaseHandler(t.release))
	t.released, t.lateRun = false, 0
}

// Push adds pkt, which arrived at arrival, and returns the frames it
// completes, in order. pkt is copied; the caller may reuse it. The
// returned slice is reused by the next call of Push or Flush.
func (t *Track) Push(pkt *rtp.Packet, arrival time.Time) []Frame {
	t.out = t.out[:0]
	if pkt == nil {
		return nil
	}
	t.c.packets.Add(1)
	if !t.clock.started {
		t.clock.firstPacket(pkt.Timestamp, arrival)
		t.c.senderClock.Store(t.clock.fromSR)
	}
	if !t.admit(pkt.SequenceNumber) {
		t.c.late.Add(1)
		return t.out
	}
	t.sb.Push(t.copyPacket(pkt))
	t.drain()
	return t.out
}

// admit reports whether a packet of sequence number seq goes into the
// jitter buffer. It keeps out duplicates and retransmissions that come
// after their frame was released or given up, and anything far behind
// the newest packet. A packet far ahead, or many far behind in a row,
// mean a long outage or a sender that started over: what the buffer holds
// is flushed and it starts afresh, as after a gap. (pion's builder would
// otherwise purge a window stretched to 32k packets, in quadratic time.)
func (t *Track) admit(seq uint16) bool {
	if !t.pushed {
		t.pushed, t.highest = true, seq
		return true
	}
	d := int16(seq - t.highest)
	switch {
	case d > int16(t.window):
		t.restart(seq)
		return true
	case d < -int16(t.window) || (t.released && int16(seq-t.lastReleased) <= 0):
		if t.lateRun++; t.lateRun >= restartAfter {
			t.restart(seq)
			return true
		}
		return false
	}
	t.lateRun = 0
	if d > 0 {
		t.highest = seq
	}
	return true
}

// restart flushes the jitter buffer into t.out and starts a new one at
// seq, counting a gap.
func (t *Track) restart(seq uint16) {
	t.sb.Flush()
	t.drain()
	t.newBuilder()
	t.pushed, t.highest, t.taken = true, seq, false
	t.lost()
}

// copyPacket copies what the builder needs of pkt into a recycled packet.
func (t *Track) copyPacket(pkt *rtp.Packet) *rtp.Packet {
	var c *rtp.Packet
	if n := len(t.free); n > 0 {
		c, t.free = t.free[n-1], t.free[:n-1]
	} else {
		c = &rtp.Packet{}
	}
	c.Header = rtp.Header{
		Version: 2, Marker: pkt.Marker, PayloadType: pkt.PayloadType,
		SequenceNumber: pkt.SequenceNumber, Timestamp: pkt.Timestamp, SSRC: pkt.SSRC,
	}
	c.Payload = binary.BigEndian.AppendUint16(c.Payload[:0], pkt.SequenceNumber)
	c.Payload = append(c.Payload, pkt.Payload...)
	t.copies[pkt.SequenceNumber%copySlots] = c
	return c
}

// release is the builder's packet release handler: packets leave it in
// sequence order.
func (t *Track) release(p *rtp.Packet) {
	t.released, t.lastReleased = true, p.SequenceNumber
	if len(t.free) < maxFreePackets {
		t.free = append(t.free, p)
	}
}

// SenderReport takes an RTCP sender report's NTP time and the RTP
// timestamp of the same instant. Frames from then on are timed by the
// latest report.
func (t *Track) SenderReport(ntp uint64, rtpTime uint32) {
	if ntp == 0 {
		return
	}
	t.c.reports.Add(1)
	shift, switched := t.clock.senderReport(ntp, rtpTime)
	if !switched {
		return
	}
	t.c.senderClock.Store(true)
	t.c.clockShift.Store(int64(shift))
	if t.p.OnSenderClock != nil {
		t.p.OnSenderClock(shift)
	}
}

// Flush returns the frames the buffer still holds whole, the last one
// included; incomplete ones are dropped. The returned slice is reused by
// the next call of Push or Flush.
func (t *Track) Flush() []Frame {
	t.out = t.out[:0]
	t.sb.Flush()
	t.drain()
	return t.out
}

// Stats returns the counts so far. It may be called from any goroutine.
func (t *Track) Stats() Stats { return t.c.snapshot() }

// drain takes every sample the builder has ready.
func (t *Track) drain() {
	for s := t.sb.Pop(); s != nil; s = t.sb.Pop() {
		t.take(s)
	}
}

// take turns a sample into a frame, unless it follows a loss (or starts
// the stream) and a decoder could not use it. Sequence numbers tell
// losses: a sample that does not follow the previous one follows a gap.
func (t *Track) take(s *media.Sample) {
	seqs := t.seqs[:0]
	for b := s.Data; len(b) >= seqPrefix; b = b[seqPrefix:] {
		seqs = append(seqs, binary.BigEndian.Uint16(b))
	}
	t.seqs = seqs
	if len(seqs) == 0 {
		return
	}
	first, last := seqs[0], seqs[len(seqs)-1]
	if t.taken && int16(first-t.lastSeq) <= 0 {
		return // built again from packets taken already
	}
	gap := t.taken && first != t.lastSeq+1
	started := t.taken
	t.taken, t.lastSeq = true, last
	f, whole, padding := t.unpack(seqs)
	if padding {
		if gap {
			t.lost()
		}
		return
	}
	if gap || (!whole && started) {
		t.lost()
	}
	if !whole {
		t.drop()
		return
	}
	if t.needKey {
		if !f.Key {
			t.drop()
			return
		}
		t.needKey = false
	}
	if !f.Key {
		f.Width, f.Height = 0, 0
	}
	f.RTPTime = s.PacketTimestamp
	f.Wall = t.clock.frame(s.PacketTimestamp)
	t.out = append(t.out, f)
	t.c.frames.Add(1)
}

// unpack depacketises the packets of a sample from the Track's copies.
// These are still unused when a sample is taken: the builder releases them
// to the free list, which only Push's next copy draws on. whole is false if
// they are not consecutive, do not start with a frame's head or do not
// depacketise; padding is true if they carry nothing.
func (t *Track) unpack(seqs []uint16) (f Frame, whole, padding bool) {
	payloads, size := t.payloads[:0], 0
	whole = true
	for i, seq := range seqs {
		c := t.copies[seq%copySlots]
		if seq != seqs[0]+uint16(i) || c == nil || c.SequenceNumber != seq {
			whole = false
			continue
		}
		if p := c.Payload[seqPrefix:]; len(p) > 0 {
			payloads = append(payloads, p)
			size += len(p)
		}
	}
	t.payloads = payloads
	defer clear(t.payloads)
	if len(payloads) == 0 && whole {
		return Frame{}, false, true
	}
	if !whole || !t.codec.head(payloads[0]) {
		return Frame{}, false, false
	}
	f, whole = t.codec.unpack(&t.un, payloads, size)
	return f, whole, false
}

// lost counts a gap; video waits for a keyframe after it.
func (t *Track) lost() {
	t.c.gaps.Add(1)
	if t.codec.video {
		t.needKey = true
		t.requestKeyframe()
	}
}

// drop throws a frame away and, while video waits for a keyframe, asks
// for one again.
func (t *Track) drop() {
	t.c.dropped.Add(1)
	if t.needKey {
		t.requestKeyframe()
	}
}

// requestKeyframe calls RequestKeyframe unless it was called less than a
// second ago.
func (t *Track) requestKeyframe() {
	if t.p.RequestKeyframe == nil || !t.codec.video {
		return
	}
	now := t.p.Now()
	if t.requested && now.Sub(t.lastRequest) < requestEvery {
		return
	}
	t.requested, t.lastRequest = true, now
	t.c.requests.Add(1)
	t.p.RequestKeyframe()
}
