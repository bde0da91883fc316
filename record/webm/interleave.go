package webm

// block is a block held by the interleaver.
type block struct {
	track int
	ms    int64
	key   bool
	data  []byte
}

// interleaver holds the blocks of a muxed file until they can be written
// in time order: a block goes out when every track has a later one
// waiting, or when it is delay older than the newest block seen. Each
// track's blocks keep the order they came in.
type interleaver struct {
	queues [][]block
	delay  int64 // ms
	newest int64
	free   [][]byte // data buffers to reuse
}

func newInterleaver(tracks int, delayMs int64) *interleaver {
	return &interleaver{queues: make([][]block, tracks), delay: delayMs}
}

// push queues a copy of data.
func (q *interleaver) push(track int, ms int64, key bool, data []byte) {
	var buf []byte
	if n := len(q.free); n > 0 {
		buf, q.free = q.free[n-1][:0], q.free[:n-1]
	}
	q.queues[track] = append(q.queues[track], block{track, ms, key, append(buf, data...)})
	q.newest = max(q.newest, ms)
}

// pop returns the earliest head of the queues when it is due, or, with
// all, whenever there is one.
func (q *interleaver) pop(all bool) (block, bool) {
	best, waiting := -1, false
	for i, qu := range q.queues {
		if len(qu) == 0 {
			waiting = true
			continue
		}
		if best < 0 || qu[0].ms < q.queues[best][0].ms {
			best = i
		}
	}
	if best < 0 {
		return block{}, false
	}
	b := q.queues[best][0]
	if waiting && !all && b.ms > q.newest-q.delay {
		return block{}, false
	}
	q.queues[best][0] = block{}
	q.queues[best] = q.queues[best][1:]
	return b, true
}

// release takes back a popped block's buffer.
func (q *interleaver) release(b block) {
	if len(q.free) < 64 {
		q.free = append(q.free, b.data)
	}
}
