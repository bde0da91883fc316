package mic

import (
	"encoding/binary"
	"sync"
)

// ring is a bounded FIFO of samples between miniaudio's thread, which
// writes, and the encoder, which reads. When full, the oldest samples go.
//
// The device delivers in periods that do not line up with the encoder's
// 20 ms ticks, and its clock is not the encoder's. So that this jitter
// does not become a click of silence every few frames, reading starts (and
// restarts after an underrun) only once prefill samples are held; so that
// drift or a pause in reading does not become lasting delay, reading drops
// what exceeds maxHeld, oldest first.
type ring struct {
	mu      sync.Mutex
	buf     []int16
	start   int // index of the oldest sample
	n       int // samples held
	prefill int
	maxHeld int
	primed  bool
	stats   Stats
}

func newRing(capacity, prefill, maxHeld int) *ring {
	return &ring{buf: make([]int16, capacity), prefill: prefill, maxHeld: maxHeld}
}

// writePCM copies native-endian s16 PCM in. miniaudio reuses its buffer
// once the callback returns, so it must be copied here and now.
func (r *ring) writePCM(pcm []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	samples := len(pcm) / 2
	r.stats.Captured += uint64(samples)
	if skip := samples - len(r.buf); skip > 0 { // more than fits: keep the newest
		r.stats.Overruns += uint64(skip)
		pcm = pcm[2*skip:]
		samples = len(r.buf)
	}
	if over := r.n + samples - len(r.buf); over > 0 {
		r.drop(over)
	}
	end := (r.start + r.n) % len(r.buf)
	for i := range samples {
		r.buf[(end+i)%len(r.buf)] = int16(binary.NativeEndian.Uint16(pcm[2*i:]))
	}
	r.n += samples
}

// read fills dst, oldest first, and pads with silence what is missing.
func (r *ring) read(dst []int16) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if excess := r.n - max(r.maxHeld, r.prefill+len(dst)); excess > 0 {
		r.drop(excess)
	}
	if !r.primed && r.n < r.prefill {
		clear(dst)
		r.stats.Underruns += uint64(len(dst))
		return
	}
	r.primed = r.n >= len(dst)
	k := min(len(dst), r.n)
	first := min(k, len(r.buf)-r.start)
	copy(dst, r.buf[r.start:r.start+first])
	copy(dst[first:k], r.buf[:k-first])
	r.start = (r.start + k) % len(r.buf)
	r.n -= k
	clear(dst[k:])
	r.stats.Underruns += uint64(len(dst) - k)
}

// drop discards the k oldest samples.
func (r *ring) drop(k int) {
	r.stats.Overruns += uint64(k)
	r.start = (r.start + k) % len(r.buf)
	r.n -= k
}

func (r *ring) snapshot() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}
