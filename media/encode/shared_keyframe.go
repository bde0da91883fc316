package encode

import (
	"sync"
	"time"
)

// DefaultKeyframeGap is the shortest time between two keyframes that
// requests force in a shared encoder.
const DefaultKeyframeGap = time.Second

// keyframeGate limits the keyframes that requests force in one shared
// encoder, whose output every publisher's track sends: a hundred
// publishers' SFU asking at once must not turn the stream into keyframes.
// A request within the gap after the last keyframe is not dropped: it
// waits, with every other request in the gap, for one keyframe at the
// gap's end, so a track that binds late still gets one within the gap.
type keyframeGate struct {
	gap time.Duration

	mu      sync.Mutex
	last    time.Time // when a keyframe was last forced or encoded
	pending bool      // a request waits for the gap's end
	// requests counts every request; forced, the keyframes they forced.
	requests, forced uint64
}

// request records a keyframe request at now and reports whether to force
// a keyframe at once; otherwise it is pending (see due).
func (g *keyframeGate) request(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests++
	if g.pending {
		return false
	}
	if !g.last.IsZero() && now.Sub(g.last) < g.gap {
		g.pending = true
		return false
	}
	g.last = now
	g.forced++
	return true
}

// due reports whether a pending request should force a keyframe into the
// frame captured at now: the gap since the last keyframe has passed.
func (g *keyframeGate) due(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.pending || now.Sub(g.last) < g.gap {
		return false
	}
	g.pending = false
	g.last = now
	g.forced++
	return true
}

// encoded records a keyframe the encoder produced at now, forced or
// periodic: it serves every pending request.
func (g *keyframeGate) encoded(now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pending = false
	if now.After(g.last) {
		g.last = now
	}
}

// counts returns the requests so far and how many of them shared a
// keyframe with another request or with a periodic keyframe (coalesced).
func (g *keyframeGate) counts() (requests, coalesced uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.requests, g.requests - g.forced
}
