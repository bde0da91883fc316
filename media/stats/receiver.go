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
	return &Receiver{
		mimeType: mimeType,
		codec:    codecFor(mimeType),
		jitter:   jitter{clockRate: float64(clockRate)},
	}
}

// Push records packet p, which arrived at arrival. It does not allocate
// once the stream is running and does not keep p.
func (r *Receiver) Push(p *rtp.Packet, arrival time.Time) {
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
	inOrder := r.seq.push(p.SequenceNumber)
	if len(p.Payload) == 0 {
		return // padding only: its timestamp says nothing about media
	}
	if inOrder {
		r.jitter.push(p.Timestamp, arrival)
	}
	current := r.countFrame(p.Timestamp)

	fi := r.inspect(p.Payload)
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
