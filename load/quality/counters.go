package quality

import "time"

// Counters are the sums behind the ratios a report gives in total: summed
// over tracks, so that merging adds them and the ratios stay exact.
type Counters struct {
	// Tracks counts the tracks added; VideoTracks, those of video.
	Tracks      uint64 `json:"tracks"`
	VideoTracks uint64 `json:"video_tracks"`
	// Expected, Lost, LostBeforeRepair and Repaired are RFC 3550 packet
	// counts (see stats.Quality).
	Expected         uint64 `json:"expected"`
	Lost             uint64 `json:"lost"`
	LostBeforeRepair uint64 `json:"lost_before_repair"`
	Repaired         uint64 `json:"repaired"`
	// CompleteFrames, DecodableFrames and Freezes are video frame counts.
	CompleteFrames  uint64 `json:"complete_frames"`
	DecodableFrames uint64 `json:"decodable_frames"`
	Freezes         uint64 `json:"freezes"`
	// FreezeDuration and VideoDuration are summed over video tracks.
	FreezeDuration time.Duration `json:"freeze_duration_ns"`
	VideoDuration  time.Duration `json:"video_duration_ns"`
	// NACKsSent, NackedSent and PLIsSent count the retransmission and
	// keyframe requests the bots sent for what they received: NACK
	// packets, the packets they asked for, and PLIs and FIRs.
	NACKsSent  uint64 `json:"nacks_sent"`
	NackedSent uint64 `json:"nacked_sent"`
	PLIsSent   uint64 `json:"plis_sent"`
	// DataSent counts chat messages sent (--data-rate); DataReceived,
	// their receipts, one per receiving bot.
	DataSent     uint64 `json:"data_sent"`
	DataReceived uint64 `json:"data_received"`
	// The publisher side, summed over sent streams: what they sent, the
	// keyframes encoded, and the requests the SFU sent back.
	SentStreams   uint64 `json:"sent_streams"`
	SentBytes     uint64 `json:"sent_bytes"`
	KeyframesSent uint64 `json:"keyframes_sent"`
	PLIsReceived  uint64 `json:"plis_received"`
	NACKsReceived uint64 `json:"nacks_received"`
	NackedPackets uint64 `json:"nacked_packets"`
	// Clamped counts values recorded above their metric's Highest, which
	// the histograms hold as Highest.
	Clamped uint64 `json:"clamped"`
}

// add sums o into c.
func (c *Counters) add(o Counters) {
	c.Tracks += o.Tracks
	c.VideoTracks += o.VideoTracks
	c.Expected += o.Expected
	c.Lost += o.Lost
	c.LostBeforeRepair += o.LostBeforeRepair
	c.Repaired += o.Repaired
	c.CompleteFrames += o.CompleteFrames
	c.DecodableFrames += o.DecodableFrames
	c.Freezes += o.Freezes
	c.FreezeDuration += o.FreezeDuration
	c.VideoDuration += o.VideoDuration
	c.NACKsSent += o.NACKsSent
	c.NackedSent += o.NackedSent
	c.PLIsSent += o.PLIsSent
	c.DataSent += o.DataSent
	c.DataReceived += o.DataReceived
	c.SentStreams += o.SentStreams
	c.SentBytes += o.SentBytes
	c.KeyframesSent += o.KeyframesSent
	c.PLIsReceived += o.PLIsReceived
	c.NACKsReceived += o.NACKsReceived
	c.NackedPackets += o.NackedPackets
	c.Clamped += o.Clamped
}

// Loss is the residual loss over every track: lost over expected packets.
func (c Counters) Loss() float64 { return ratio(float64(c.Lost), float64(c.Expected)) }

// LossBeforeRepair is the loss before retransmission over every track.
func (c Counters) LossBeforeRepair() float64 {
	return ratio(float64(c.LostBeforeRepair), float64(c.Expected))
}

// FreezeRatio is the time frozen over the video time of every track.
func (c Counters) FreezeRatio() float64 {
	return ratio(c.FreezeDuration.Seconds(), c.VideoDuration.Seconds())
}

func ratio(n, of float64) float64 {
	if of <= 0 {
		return 0
	}
	return n / of
}
