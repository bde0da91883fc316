package load

import "time"

// SpeakerTurn is how long a set of --speakers talks before the next set
// takes over.
const SpeakerTurn = 5 * time.Second

// speakers rotates who talks in each room (--speakers N): in each turn, N
// of a room's publishers talk and the rest send silence. A room's talkers
// are its publishers, then its audio publishers, in arrival order; each
// turn moves on by N, wrapping around, so every talker gets its turns.
// Turns follow the wall clock (turn k starts at k × turn since the Unix
// epoch), so the shards of one run, whose bots share rooms, agree on who
// talks without talking to each other.
type speakers struct {
	n       int // talk at a time
	talkers int // publishers and audio publishers per room
	rooms   int
	turn    time.Duration
	now     func() time.Time
}

// newSpeakers is the rotation c asks for; nil when every voice talks.
func newSpeakers(c *Config) *speakers {
	talkers := c.Publishers + c.AudioPublishers
	if c.Speakers <= 0 || c.Speakers >= talkers {
		return nil
	}
	return &speakers{n: c.Speakers, talkers: talkers, rooms: c.Rooms, turn: SpeakerTurn, now: time.Now}
}

// talking is m's switch: whether it talks now. m must be a publisher or an
// audio publisher.
func (s *speakers) talking(m Member) func() bool {
	slot := m.Arrival / s.rooms // Plan puts the room's slot-th bot at arrival slot × rooms + room
	return func() bool { return s.talks(slot, s.now()) }
}

// talks reports whether a room's slot-th talker talks at now.
func (s *speakers) talks(slot int, now time.Time) bool {
	turn := now.UnixNano() / int64(s.turn)
	first := int(turn % int64(s.talkers) * int64(s.n) % int64(s.talkers))
	return (slot-first+s.talkers)%s.talkers < s.n
}
