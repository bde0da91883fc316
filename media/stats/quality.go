package stats

import "time"

// Quality is what a Receiver measured of the stream's quality, as totals
// since its first packet: the figures a load test aggregates per track.
// Loss is RFC 3550 on the media SSRC; the frame figures are for VP8, VP9
// and H.264 only, whose frames the codec's own depacketiser delimits, and
// are zero for other codecs.
type Quality struct {
	// Packets and Bytes count the media packets received, repairs
	// included, and their payload bytes: what a bitrate is made from.
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
	// Expected is the RFC 3550 packets expected: the highest extended
	// sequence number minus the first, plus one (summed over restarts).
	Expected uint64 `json:"expected"`
	// Lost is the residual loss: expected sequence numbers that never
	// arrived, not even as a retransmission. This is what a user sees.
	Lost uint64 `json:"lost"`
	// Repaired counts retransmissions (PushRepair) that filled a gap.
	Repaired uint64 `json:"repaired"`
	// LostBeforeRepair is the loss on the media stream before
	// retransmission: Lost plus Repaired.
	LostBeforeRepair uint64 `json:"lost_before_repair"`
	// JitterMs is the RFC 3550 interarrival jitter in milliseconds.
	JitterMs float64 `json:"jitter_ms"`

	// CompleteFrames counts frames all of whose packets arrived.
	CompleteFrames uint64 `json:"complete_frames"`
	// DecodableFrames counts complete frames whose keyframe chain is
	// intact: a keyframe, or the next frame after a decodable one.
	DecodableFrames uint64 `json:"decodable_frames"`
	// Intervals counts the intervals between decodable frames, pauses left
	// out: one less than the frames, per run between pauses.
	Intervals uint64 `json:"intervals"`
	// SquaredIntervals is Σd² over the intervals d between decodable
	// frames, in s², pauses left out: with VideoDuration (Σd) it gives
	// HarmonicFPS, and it subtracts, so that Since can window it.
	SquaredIntervals float64 `json:"squared_intervals_s2"`
	// Freezes counts intervals between decodable frames of at least
	// max(3 × mean, mean + 150 ms), the mean over the previous 30
	// intervals, once 5 were seen; pauses (Receiver.Pause) left out.
	Freezes uint64 `json:"freezes"`
	// FreezeDuration is the total length of those intervals.
	FreezeDuration time.Duration `json:"freeze_duration_ns"`
	// VideoDuration is the total time between decodable frames, pauses
	// left out: the denominator of FreezeRatio and of FPS.
	VideoDuration time.Duration `json:"video_duration_ns"`
	// FirstFrame is when the first decodable frame was complete.
	FirstFrame time.Time `json:"first_frame,omitzero"`
	// TimeToFirstFrame is FirstFrame minus the instant given to
	// MarkStart, zero until both are known.
	TimeToFirstFrame time.Duration `json:"time_to_first_frame_ns"`

	// Latencies counts the end-to-end delays measured from sender reports
	// (PushSenderReport): one per decodable frame, or audio packet; their
	// sum and the largest.
	Latencies  uint64        `json:"latencies"`
	LatencySum time.Duration `json:"latency_sum_ns"`
	LatencyMax time.Duration `json:"latency_max_ns"`
}

// MeanLatency is the mean end-to-end delay, zero if none was measured.
func (q Quality) MeanLatency() time.Duration {
	if q.Latencies == 0 {
		return 0
	}
	return q.LatencySum / time.Duration(q.Latencies)
}

// FreezeRatio is the share of video time spent frozen, 0 to 1.
func (q Quality) FreezeRatio() float64 {
	if q.VideoDuration <= 0 {
		return 0
	}
	return q.FreezeDuration.Seconds() / q.VideoDuration.Seconds()
}

// HarmonicFPS is Σd/Σd² over the intervals d between decodable frames,
// libwebrtc's harmonic frame rate (WebRTC.Video.HarmonicFrameRate): each
// interval weighs by its own length, so a stall pulls it down as much as a
// viewer feels it, where a plain count of frames would hardly move.
func (q Quality) HarmonicFPS() float64 {
	if q.SquaredIntervals <= 0 {
		return 0
	}
	return q.VideoDuration.Seconds() / q.SquaredIntervals
}

// Since returns the figures of the time after earlier, a Quality of the
// same Receiver taken before q: counts and durations are differences,
// while JitterMs, FirstFrame, TimeToFirstFrame and LatencyMax stay q's. A load test
// uses it to leave out its warm-up, and to make time series.
func (q Quality) Since(earlier Quality) Quality {
	d := q
	d.Packets -= min(earlier.Packets, q.Packets)
	d.Bytes -= min(earlier.Bytes, q.Bytes)
	d.Expected -= min(earlier.Expected, q.Expected)
	d.Lost -= min(earlier.Lost, q.Lost)
	d.Repaired -= min(earlier.Repaired, q.Repaired)
	d.LostBeforeRepair -= min(earlier.LostBeforeRepair, q.LostBeforeRepair)
	d.CompleteFrames -= min(earlier.CompleteFrames, q.CompleteFrames)
	d.DecodableFrames -= min(earlier.DecodableFrames, q.DecodableFrames)
	d.Freezes -= min(earlier.Freezes, q.Freezes)
	d.Intervals -= min(earlier.Intervals, q.Intervals)
	d.FreezeDuration -= min(earlier.FreezeDuration, q.FreezeDuration)
	d.VideoDuration -= min(earlier.VideoDuration, q.VideoDuration)
	d.SquaredIntervals = max(q.SquaredIntervals-earlier.SquaredIntervals, 0)
	d.Latencies -= min(earlier.Latencies, q.Latencies)
	d.LatencySum -= earlier.LatencySum
	return d
}

// FPS is decodable frames per second of video time: intervals over their
// total length.
func (q Quality) FPS() float64 {
	if q.VideoDuration <= 0 {
		return 0
	}
	return float64(q.Intervals) / q.VideoDuration.Seconds()
}

// LossFraction is the residual loss over expected, 0 to 1.
func (q Quality) LossFraction() float64 { return fraction(q.Lost, q.Expected) }

// LossBeforeRepairFraction is the loss before retransmission over
// expected, 0 to 1.
func (q Quality) LossBeforeRepairFraction() float64 {
	return fraction(q.LostBeforeRepair, q.Expected)
}

func fraction(n, of uint64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Quality returns the quality figures so far. It may be called from any
// goroutine while another pushes.
func (r *Receiver) Quality() Quality {
	r.mu.Lock()
	defer r.mu.Unlock()
	lost := r.seq.lost()
	q := Quality{
		Packets:          r.packets,
		Bytes:            r.bytes,
		Expected:         r.seq.expected(),
		Lost:             lost,
		Repaired:         r.seq.repaired,
		LostBeforeRepair: lost + r.seq.repaired,
		JitterMs:         r.jitter.ms(),
		FirstFrame:       r.firstFrame,
		Latencies:        r.latency.count,
		LatencySum:       r.latency.sum,
		LatencyMax:       r.latency.max,
	}
	if !r.start.IsZero() && !r.firstFrame.IsZero() {
		q.TimeToFirstFrame = r.firstFrame.Sub(r.start)
	}
	if r.asm != nil {
		q.CompleteFrames, q.DecodableFrames = r.asm.complete, r.asm.decodable
	}
	f := &r.freezes
	q.Intervals, q.SquaredIntervals = uint64(f.seen), f.sumSq
	q.Freezes, q.FreezeDuration, q.VideoDuration = f.count, f.frozen, f.duration
	return q
}
