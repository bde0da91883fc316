package impair

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// shaper decides the fate of one stream's packets in one direction: drop,
// or leave at a given time. Its decisions depend only on the seed and the
// order of the packets.
type shaper struct {
	link Link

	mu   sync.Mutex // guards everything below
	rng  *rand.Rand
	bad  bool      // in a burst of losses (Gilbert-Elliott "bad" state)
	last time.Time // when the previous packet leaves, to keep the order
}

// newShaper draws from a generator seeded by seed and stream, a stream's
// name (see streamName).
func newShaper(link Link, seed, stream uint64) *shaper {
	return &shaper{link: link, rng: rand.New(rand.NewPCG(seed, stream))}
}

// streamName names a stream for its generator by what a run repeats: its
// direction, codec and how many streams of that codec came before it in
// that direction. SSRCs change from run to run (the SFU picks them at
// random), so they would make every run's losses differ.
func streamName(dir direction, mimeType string, ordinal int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s/%d", dir, strings.ToLower(mimeType), ordinal)
	return h.Sum64()
}

type direction uint8

const (
	incoming direction = iota
	outgoing
)

// decide returns whether the packet that arrived at arrival is dropped,
// and otherwise when it leaves.
func (s *shaper) decide(arrival time.Time) (drop bool, leave time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lose() {
		return true, time.Time{}
	}
	if !s.link.delays() {
		return false, arrival
	}
	d := s.link.Delay
	if j := s.link.Jitter; j > 0 {
		d += time.Duration(s.rng.Int64N(int64(2*j)+1)) - j
	}
	leave = arrival.Add(max(d, 0))
	if leave.Before(s.last) {
		leave = s.last
	}
	s.last = leave
	return false, leave
}

// lose draws one loss decision. With a burst length B > 1 it runs a
// two-state channel that drops every packet in its bad state, leaves it
// with probability 1/B (so runs last B packets on average), and enters it
// with the probability that makes the long-run loss equal Loss.
func (s *shaper) lose() bool {
	p := s.link.Loss
	if p <= 0 {
		return false
	}
	if s.link.Burst <= 1 || p >= 1 {
		return s.rng.Float64() < p
	}
	exit := 1 / s.link.Burst
	if s.bad {
		s.bad = s.rng.Float64() >= exit
	} else {
		enter := exit * p / (1 - p)
		s.bad = s.rng.Float64() < enter
	}
	return s.bad
}
