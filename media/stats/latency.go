package stats

import "time"

// latency sums the end-to-end delays a Receiver measured.
type latency struct {
	count uint64
	sum   time.Duration
	max   time.Duration
	sink  func(time.Duration) // OnLatency's, or nil
}

func (l *latency) add(d time.Duration) {
	l.count++
	l.sum += d
	if l.count == 1 || d > l.max {
		l.max = d
	}
	if l.sink != nil {
		l.sink(d)
	}
}
