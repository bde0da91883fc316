package stats

import "time"

// jitter is the RFC 3550 section 6.4.1 interarrival jitter estimate, kept
// in RTP timestamp units.
type jitter struct {
	clockRate   float64
	started     bool
	lastArrival time.Time
	lastTS      uint32
	value       float64
}

// push feeds an in-order packet. As in libwebrtc, packets sharing the
// previous timestamp are skipped: they are one frame sent in a burst and
// would only measure the pacer.
func (j *jitter) push(ts uint32, arrival time.Time) {
	if j.clockRate == 0 {
		return
	}
	if !j.started {
		j.started, j.lastArrival, j.lastTS = true, arrival, ts
		return
	}
	if ts == j.lastTS {
		return
	}
	// D(i-1,i) = (Rj - Ri) - (Sj - Si), all in timestamp units; the int32
	// difference handles timestamp wrap.
	d := arrival.Sub(j.lastArrival).Seconds()*j.clockRate - float64(int32(ts-j.lastTS))
	if d < 0 {
		d = -d
	}
	j.value += (d - j.value) / 16
	j.lastArrival, j.lastTS = arrival, ts
}

// ms returns the estimate in milliseconds.
func (j *jitter) ms() float64 {
	if j.clockRate == 0 {
		return 0
	}
	return j.value / j.clockRate * 1000
}
