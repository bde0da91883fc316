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
	recvPrev uint64 // packets received before the last restart
	repaired uint64 // retransmissions that filled a gap
	badSeq   uint32 // sequence number that would confirm a restart, +1 so 0 means none
	seen     [seqWindow / 64]uint64
}

// arrivalKind says what a packet was to the sequence.
type arrivalKind uint8

const (
	arrivedNewest    arrivalKind = iota // the highest number so far
	arrivedLate                         // fills a gap behind the highest
	arrivedDuplicate                    // already received
	arrivedDiscarded                    // a jump too wild to trust yet
	arrivedRestart                      // confirmed a sender restart; numbering starts again
)

// push records seq and returns its extended number and what it was.
// repair marks a retransmission: when it fills a gap it counts as
// repaired, so that loss before retransmission is lost plus repaired.
func (s *sequence) push(seq uint16, repair bool) (ext int64, kind arrivalKind) {
	if !s.started {
		s.restart(seq)
		return s.max, arrivedNewest
	}
	delta := int64(int16(seq - uint16(s.max)))
	if delta > maxDropout || delta < -maxMisorder {
		if s.badSeq == uint32(seq)+1 {
			s.lostPrev = s.lost()
			s.recvPrev += s.received
			s.restart(seq - 1)
			ext, _ = s.push(seq, repair)
			return ext, arrivedRestart
		}
		s.badSeq = uint32(seq+1) + 1
		return 0, arrivedDiscarded
	}
	s.badSeq = 0
	ext = s.max + delta
	kind = arrivedLate
	switch {
	case delta > 0:
		for e := s.max + 1; e < ext && e <= s.max+seqWindow; e++ {
			s.clear(e)
		}
		s.max, kind = ext, arrivedNewest
	case s.has(ext):
		return ext, arrivedDuplicate
	}
	s.mark(ext)
	if ext < s.base {
		s.base = ext
	} else if kind == arrivedLate && repair {
		s.repaired++
	}
	s.received++
	return ext, kind
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

// expected returns the packets expected over every run, RFC 3550's
// extended highest sequence number minus the first, plus one.
func (s *sequence) expected() uint64 {
	return s.lost() + s.recvPrev + s.received
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
