package stats

import "time"

// libwebrtc's freeze rule (video_quality_observer2.cc, and W3C
// RTCInboundRtpStreamStats.freezeCount): an inter-frame interval is a
// freeze when it is at least max(3 × mean, mean + 150 ms), the mean taken
// over the last 30 intervals, once at least 5 intervals have been seen.
const (
	freezeWindow     = 30
	freezeMinSamples = 5
	freezeMinExtra   = 150 * time.Millisecond
)

// freezes watches the times at which frames become displayable and counts
// freezes, their total time, and the sums that give the harmonic frame
// rate. Pauses (mute) are left out: the interval across a pause is not one.
type freezes struct {
	started   bool // last is valid
	paused    bool
	last      time.Time
	recent    [freezeWindow]time.Duration
	seen      int           // intervals seen, for the minimum
	next      int           // slot in recent for the next interval
	recentSum time.Duration // sum of the filled slots of recent
	count     uint64
	frozen    time.Duration
	duration  time.Duration // sum of all intervals
	sumSq     float64       // sum of squared intervals, in s²
}

// frame records a frame displayable at at. Frames out of time order are
// taken as arriving at the last time, an interval of zero.
func (f *freezes) frame(at time.Time) {
	if f.paused {
		return
	}
	if !f.started {
		f.started, f.last = true, at
		return
	}
	d := max(at.Sub(f.last), 0)
	f.last = f.last.Add(d)
	if f.seen >= freezeMinSamples {
		n := min(f.seen, freezeWindow)
		mean := f.recentSum / time.Duration(n)
		if d >= max(3*mean, mean+freezeMinExtra) {
			f.count++
			f.frozen += d
		}
	}
	f.recentSum += d - f.recent[f.next]
	f.recent[f.next] = d
	f.next = (f.next + 1) % freezeWindow
	f.seen++
	f.duration += d
	f.sumSq += d.Seconds() * d.Seconds()
}

// pause stops measuring until resume; the next frame after resume starts
// a new run of intervals.
func (f *freezes) pause() { f.paused = true }

// resume measures again from the next frame.
func (f *freezes) resume() { f.paused, f.started = false, false }

// ratio is the share of video time spent frozen.
func (f *freezes) ratio() float64 {
	if f.duration == 0 {
		return 0
	}
	return f.frozen.Seconds() / f.duration.Seconds()
}
