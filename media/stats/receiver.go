package stats

import (
	"sync"
	"time"

	"github.com/pion/rtp"
)

// Receiver measures one incoming RTP stream (one SSRC). Push must be called
// from a single goroutine; Snapshot may be called from any goroutine at the
// same time.
type Receiver struct {
	mimeType string
	codec    codecKind

	mu           sync.Mutex // guards everything below
	seq          sequence
	jitter       jitter
	packets      uint64
	bytes        uint64
	frames       uint64
	keyframes    uint64
	width        int
	height       int
	lastKeyframe time.Time
	frameTS      uint32 // RTP timestamp of the newest frame
	keyTS        uint32 // RTP timestamp of the last keyframe counted
	started      bool   // frameTS is valid
	hasKey       bool   // keyTS is valid
	vp9          vp9Inspector
	h264         h264Inspector
	window       window

	asm        *assembler // nil for audio and unknown video codecs
	clock      senderClock
	latency    latency
	freezes    freezes
	start      time.Time // from MarkStart, for the time to first frame
	firstFrame time.Time // when the first decodable frame was let through
}

// window holds the counters at the previous Snapshot, so that rates cover
// the interval between two calls.
type window struct {
	started bool
	at      time.Time
	frames  uint64
	bytes   uint64
	fps     float64
	bps     float64
}

// NewReceiver returns a Receiver for a stream of mimeType (as in SDP, e.g.
// "video/VP8", "video/H264", "audio/opus") whose RTP clock runs at
// clockRate Hz. A zero clockRate disables jitter.
func NewReceiver(mimeType string, clockRate uint32) *Receiver {
	r := &Receiver{
		mimeType: mimeType,
		codec:    codecFor(mimeType),
		jitter:   jitter{clockRate: float64(clockRate)},
		clock:    senderClock{clockRate: float64(clockRate)},
	}
	r.asm = newAssembler(r.codec, &r.seq, r.onFrame)
	return r
}

// Push records packet p of the media stream, which arrived at arrival. It
// does not allocate once the stream is running and does not keep p.
func (r *Receiver) Push(p *rtp.Packet, arrival time.Time) {
	r.push(p, arrival, false)
}

// PushRepair records a retransmission of a packet of this stream, with the
// media stream's SSRC and sequence number, as pion's TrackRemote.ReadRTP
// returns a packet it unwrapped from RTX (it then sets
// webrtc.AttributeRtxSsrc in the attributes). A repair that fills a gap
// counts as received for the residual loss, and as lost for the loss
// before retransmission.
func (r *Receiver) PushRepair(p *rtp.Packet, arrival time.Time) {
	r.push(p, arrival, true)
}

func (r *Receiver) push(p *rtp.Packet, arrival time.Time, repair bool) {
	if p == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()

	r.packets++
	r.bytes += uint64(len(p.Payload))
	if !r.window.started {
		r.window.started, r.window.at = true, arrival
	}
	ext, kind := r.seq.push(p.SequenceNumber, repair)
	if kind == arrivedRestart && r.asm != nil {
		r.asm.reset()
	}
	if len(p.Payload) == 0 {
		// Padding only: its timestamp says nothing about media, but its
		// sequence number may be what a waiting frame needs.
		if r.asm != nil && (kind == arrivedNewest || kind == arrivedLate) {
			r.asm.release(arrival)
		}
		return
	}
	if kind == arrivedNewest || kind == arrivedRestart {
		r.jitter.push(p.Timestamp, arrival)
		if r.codec == codecAudio {
			r.measureLatency(p.Timestamp, arrival)
		}
	}
	current := r.countFrame(p.Timestamp)

	fi := r.inspect(p.Payload)
	if r.asm != nil && kind != arrivedDuplicate && kind != arrivedDiscarded {
		r.asm.push(ext, p.Timestamp, p.Marker, fi.keyframe, p.Payload, arrival)
	}
	if fi.width > 0 && fi.height > 0 {
		r.width, r.height = fi.width, fi.height
	}
	// A keyframe counts once, and only if its frame counted: a stale
	// packet of an older frame changes neither figure.
	if fi.keyframe && current && (!r.hasKey || p.Timestamp != r.keyTS) {
		r.keyframes++
		r.keyTS, r.hasKey = p.Timestamp, true
		r.lastKeyframe = arrival
	}
}

// onFrame is the assembler's report of a frame let through.
func (r *Receiver) onFrame(decodable bool, ts uint32, at time.Time) {
	if !decodable {
		return
	}
	r.measureLatency(ts, at)
	if r.firstFrame.IsZero() {
		r.firstFrame = at
	}
	r.freezes.frame(at)
}

// KeyframeNeeded reports whether the frames now arriving cannot be
// decoded until a keyframe comes: a packet was lost for good since the
// last keyframe. A browser would send a PLI then; pion does not, so a
// reader that wants to behave like one asks for a keyframe itself.
func (r *Receiver) KeyframeNeeded() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.asm != nil && r.asm.released && !r.asm.chainOK
}

// PushSenderReport takes the NTP and RTP times of an RTCP sender report
// for this stream (rtcp.SenderReport's NTPTime and RTPTime). From then on,
// each decodable frame (each audio packet) gives a latency: when it was
// complete minus when the sender captured it, by the sender's wall clock.
// Only with clocks in step (one process, or synchronised machines) is that
// the true delay.
func (r *Receiver) PushSenderReport(ntpTime uint64, rtpTime uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clock.report(ntpTime, rtpTime)
}

// OnLatency makes the Receiver call f with every latency it measures,
// under its lock, so that a caller can keep them in a histogram; f must
// not call the Receiver.
func (r *Receiver) OnLatency(f func(time.Duration)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.latency.sink = f
}

func (r *Receiver) measureLatency(ts uint32, at time.Time) {
	if captured, ok := r.clock.at(ts); ok {
		r.latency.add(at.Sub(captured))
	}
}

// MarkStart sets the instant the time to first frame counts from, such as
// when the subscription was requested.
func (r *Receiver) MarkStart(at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.start = at
}

// Pause tells the Receiver that the sender paused the track (muted it, or
// the subscriber disabled it): the gap until Resume is not a freeze.
func (r *Receiver) Pause() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.freezes.pause()
}

// Resume ends a Pause; freezes are measured again from the next frame.
func (r *Receiver) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.freezes.resume()
}

// countFrame counts audio packets, and video timestamps newer than any
// seen, so that late packets of an old frame do not count it again. It
// reports whether the packet belongs to the newest frame.
func (r *Receiver) countFrame(ts uint32) (current bool) {
	if r.codec == codecAudio {
		r.frames++
		return true
	}
	if r.started && int32(ts-r.frameTS) <= 0 {
		return ts == r.frameTS
	}
	r.frames++
	r.frameTS, r.started = ts, true
	return true
}

// inspect dispatches the payload to the codec's parser.
func (r *Receiver) inspect(payload []byte) frameInfo {
	switch r.codec {
	case codecVP8:
		return inspectVP8(payload)
	case codecVP9:
		return r.vp9.inspect(payload)
	case codecH264:
		return r.h264.inspect(payload)
	default:
		return frameInfo{}
	}
}

// Snapshot returns the totals so far and the rates since the previous call
// (or since the first packet). A now that is not after the previous call
// repeats the previous rates.
func (r *Receiver) Snapshot(now time.Time) Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()

	w := &r.window
	if w.started && now.After(w.at) {
		dt := now.Sub(w.at).Seconds()
		w.fps = float64(r.frames-w.frames) / dt
		w.bps = float64(r.bytes-w.bytes) * 8 / dt
		w.at, w.frames, w.bytes = now, r.frames, r.bytes
	}
	return Snapshot{
		MimeType:     r.mimeType,
		Packets:      r.packets,
		Bytes:        r.bytes,
		Lost:         r.seq.lost(),
		Frames:       r.frames,
		Keyframes:    r.keyframes,
		Width:        r.width,
		Height:       r.height,
		FPS:          w.fps,
		BitrateBps:   w.bps,
		JitterMs:     r.jitter.ms(),
		LastKeyframe: r.lastKeyframe,
	}
}
