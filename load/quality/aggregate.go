package quality

import (
	"math"
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/lkbot/lkbot/media/stats"
)

// Aggregate is a mergeable set of quality figures: a histogram per metric,
// made when its first value comes, and Counters. It is safe for
// concurrent use, and its zero value is empty and ready.
type Aggregate struct {
	mu       sync.Mutex
	hists    map[string]*hdrhistogram.Histogram
	counters Counters
}

// New returns an empty Aggregate.
func New() *Aggregate {
	return &Aggregate{hists: make(map[string]*hdrhistogram.Histogram)}
}

// newHistogram returns an empty histogram with m's range.
func newHistogram(m Metric) *hdrhistogram.Histogram {
	return hdrhistogram.New(1, m.Highest, significantDigits)
}

// Record adds one value of metric m, in m's unit. Negative values count as
// 0; values above m.Highest as m.Highest, and in Counters.Clamped.
func (a *Aggregate) Record(m Metric, v int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.record(m, v)
}

func (a *Aggregate) record(m Metric, v int64) {
	h := a.hists[m.Name]
	if h == nil {
		if a.hists == nil {
			a.hists = make(map[string]*hdrhistogram.Histogram)
		}
		h = newHistogram(m)
		a.hists[m.Name] = h
	}
	if v > m.Highest {
		v = m.Highest
		a.counters.Clamped++
	}
	_ = h.RecordValue(max(v, 0)) // in range by construction
}

// RecordDuration adds a duration to a metric kept in ms, such as LatencyMs
// or JoinMs, rounded to the nearest millisecond.
func (a *Aggregate) RecordDuration(m Metric, d time.Duration) {
	a.Record(m, d.Round(time.Millisecond).Milliseconds())
}

// AddTrack adds the figures of one subscribed track, measured over the
// time it should count for (warm-up left out by the caller). video says
// whether it is a video track, whose frame figures then count.
func (a *Aggregate) AddTrack(q stats.Quality, video bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := &a.counters
	c.Tracks++
	c.Expected += q.Expected
	c.Lost += q.Lost
	c.LostBeforeRepair += q.LostBeforeRepair
	c.Repaired += q.Repaired
	if q.Expected > 0 {
		a.record(LossPPM, ppm(q.LossFraction()))
		a.record(LossBeforeRepairPPM, ppm(q.LossBeforeRepairFraction()))
		a.record(JitterUs, int64(math.Round(q.JitterMs*1000)))
	}
	if !video {
		return
	}
	c.VideoTracks++
	c.CompleteFrames += q.CompleteFrames
	c.DecodableFrames += q.DecodableFrames
	c.Freezes += q.Freezes
	c.FreezeDuration += q.FreezeDuration
	c.VideoDuration += q.VideoDuration
	if q.VideoDuration > 0 {
		a.record(FreezeRatioPPM, ppm(q.FreezeRatio()))
		a.record(FPSCenti, int64(math.Round(q.FPS()*100)))
		a.record(HarmonicFPSCenti, int64(math.Round(q.HarmonicFPS()*100)))
	}
	if q.TimeToFirstFrame > 0 {
		a.record(FirstFrameMs, q.TimeToFirstFrame.Round(time.Millisecond).Milliseconds())
	}
}

func ppm(fraction float64) int64 { return int64(math.Round(fraction * 1e6)) }

// SentStream is one sent stream's figures over the time it counted.
type SentStream struct {
	// Layer is the stream's metric: SentLowKbps, SentMediumKbps,
	// SentHighKbps or SentAudioKbps.
	Layer    Metric
	Bytes    uint64
	Duration time.Duration
	// Keyframes, PLIs, NACKs and NackedPackets are counts over the time.
	Keyframes, PLIs, NACKs, NackedPackets uint64
	// RTT is the mean round-trip time of the receiver reports in the
	// time, zero when none echoed a sender report.
	RTT time.Duration
	// RemoteLoss is the loss fraction of the last receiver report.
	RemoteLoss float64
}

// AddSent adds the figures of one sent stream.
func (a *Aggregate) AddSent(s SentStream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := &a.counters
	c.SentStreams++
	c.SentBytes += s.Bytes
	c.KeyframesSent += s.Keyframes
	c.PLIsReceived += s.PLIs
	c.NACKsReceived += s.NACKs
	c.NackedPackets += s.NackedPackets
	if s.Duration > 0 {
		a.record(s.Layer, int64(math.Round(float64(s.Bytes)*8/1000/s.Duration.Seconds())))
	}
	if s.RTT > 0 {
		a.record(RTTMs, s.RTT.Round(time.Millisecond).Milliseconds())
	}
	a.record(RemoteLossPPM, ppm(s.RemoteLoss))
}

// CountRequests adds the NACKs (packets, and the packets they asked for)
// and keyframe requests a receiver sent.
func (a *Aggregate) CountRequests(nacks, nacked, plis uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.counters.NACKsSent += nacks
	a.counters.NackedSent += nacked
	a.counters.PLIsSent += plis
}

// CountData adds sent chat messages and receipts.
func (a *Aggregate) CountData(sent, received uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.counters.DataSent += sent
	a.counters.DataReceived += received
}

// Merge adds every value and counter of o into a. Merging the aggregates
// of shards gives the aggregate one process would have had.
func (a *Aggregate) Merge(o *Aggregate) {
	if o == a {
		o = o.Clone()
	}
	o.mu.Lock()
	counters := o.counters
	hists := make(map[string]*hdrhistogram.Histogram, len(o.hists))
	for name, h := range o.hists {
		hists[name] = h.Clone()
	}
	o.mu.Unlock()

	a.mu.Lock()
	defer a.mu.Unlock()
	a.counters.add(counters)
	if a.hists == nil {
		a.hists = make(map[string]*hdrhistogram.Histogram, len(hists))
	}
	for name, h := range hists {
		if mine := a.hists[name]; mine != nil {
			mine.Merge(h) // same range: nothing is dropped
		} else {
			a.hists[name] = h
		}
	}
}

// Clone returns an independent copy of a.
func (a *Aggregate) Clone() *Aggregate {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := &Aggregate{hists: make(map[string]*hdrhistogram.Histogram, len(a.hists)), counters: a.counters}
	for name, h := range a.hists {
		c.hists[name] = h.Clone()
	}
	return c
}

// Counters returns the sums so far.
func (a *Aggregate) Counters() Counters {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.counters
}
