package stats

// Sequence tracking follows RFC 3550 appendix A.1: loss is the number of
// expected packets (highest extended sequence number minus the first, plus
// one) not received. A bitmap of recent sequence numbers keeps duplicates
// from hiding loss, and a jump beyond maxDropout/maxMisorder is taken as a
// sender restart only once the next packet confirms it.
const (
	seqWindow   = 512 // sequence numbers remembered behind the highest
	maxDropout  = 3000
	maxMisorder = seqWindow - 1
)

// sequence counts packets expected and received on one SSRC.
type sequence struct {
	started  bool
	max      int64 // highest extended sequence number
	base     int64 // lowest extended sequence number received
	received uint64
	lostPrev uint64 // loss counted before the last restart
	badSeq   uint32 // sequence number that would confirm a restart, +1 so 0 means none
	seen     [seqWindow / 64]uint64
}

// push records seq and reports whether it is the newest packet so far
// (neither late, duplicate nor discarded).
func (s *sequence) push(seq uint16) (inOrder bool) {
	if !s.started {
		s.restart(seq)
		return true
	}
	delta := int64(int16(seq - uint16(s.max)))
	if delta > maxDropout || delta < -maxMisorder {
		if s.badSeq == uint32(seq)+1 {
			s.lostPrev = s.lost()
			s.restart(seq - 1)
			s.push(seq)
			return true
		}
		s.badSeq = uint32(seq+1) + 1
		return false
	}
	s.badSeq = 0
	ext := s.max + delta
	switch {
	case delta > 0:
		for e := s.max + 1; e < ext && e <= s.max+seqWindow; e++ {
			s.clear(e)
		}
		s.max = ext
	case s.has(ext):
		return false // duplicate
	}
	s.mark(ext)
	s.base = min(s.base, ext)
	s.received++
	return delta > 0
}

// restart makes seq the first packet of a new run.
func (s *sequence) restart(seq uint16) {
	s.started = true
	s.max = int64(seq) + 1<<16 // headroom so late packets stay positive
	s.base = s.max
	s.received = 1
	s.seen = [seqWindow / 64]uint64{}
	s.mark(s.max)
}

// lost returns the packets expected but not received, never negative.
func (s *sequence) lost() uint64 {
	if !s.started {
		return s.lostPrev
	}
	expected := uint64(s.max - s.base + 1)
	if expected <= s.received {
		return s.lostPrev
	}
	return s.lostPrev + expected - s.received
}

func (s *sequence) has(ext int64) bool {
	return s.seen[ext/64%(seqWindow/64)]&(1<<(ext%64)) != 0
}

func (s *sequence) mark(ext int64) {
	s.seen[ext/64%(seqWindow/64)] |= 1 << (ext % 64)
}

func (s *sequence) clear(ext int64) {
	s.seen[ext/64%(seqWindow/64)] &^= 1 << (ext % 64)
}
