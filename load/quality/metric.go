package quality

// Metric is one distribution an Aggregate keeps, with the unit its values
// are recorded in and the range its histogram covers. Values above Highest
// are recorded as Highest and counted in Counters.Clamped; they are not
// dropped, so that counts stay exact.
type Metric struct {
	// Name is the key in the JSON report; it ends with the unit.
	Name string
	// Unit is what one recorded value means.
	Unit string
	// Highest is the largest value the histogram tells apart.
	Highest int64
}

// The metrics. Every histogram keeps 3 significant digits: a value read
// back is within 0.1% of the one recorded.
var (
	// LatencyMs is end-to-end delay, capture to receipt, per frame or
	// audio packet (stats.Receiver.OnLatency gives each): 0 to 60 s in
	// milliseconds.
	LatencyMs = Metric{Name: "latency_ms", Unit: "ms", Highest: 60_000}
	// JitterUs is a track's RFC 3550 interarrival jitter, in microseconds
	// because typical values (0.5 to 30 ms) need the resolution: up to 10 s.
	JitterUs = Metric{Name: "jitter_us", Unit: "µs", Highest: 10_000_000}
	// JoinMs is how long a bot took to join: up to 10 minutes.
	JoinMs = Metric{Name: "join_ms", Unit: "ms", Highest: 600_000}
	// FirstFrameMs is a track's time to first decodable frame (first
	// packet for audio) from its subscription: up to 10 minutes.
	FirstFrameMs = Metric{Name: "first_frame_ms", Unit: "ms", Highest: 600_000}
	// LossPPM is a track's residual loss after retransmission, in parts
	// per million of its expected packets (10 000 is 1%).
	LossPPM = Metric{Name: "loss_ppm", Unit: "ppm", Highest: 1_000_000}
	// LossBeforeRepairPPM is a track's loss before retransmission.
	LossBeforeRepairPPM = Metric{Name: "loss_before_repair_ppm", Unit: "ppm", Highest: 1_000_000}
	// FreezeRatioPPM is a video track's share of time frozen.
	FreezeRatioPPM = Metric{Name: "freeze_ratio_ppm", Unit: "ppm", Highest: 1_000_000}
	// FPSCenti is a video track's decodable frames per second, in
	// hundredths (3000 is 30 fps): up to 1000 fps.
	FPSCenti = Metric{Name: "fps_centi", Unit: "1/100 fps", Highest: 100_000}
	// HarmonicFPSCenti is a video track's harmonic frame rate, in
	// hundredths.
	HarmonicFPSCenti = Metric{Name: "harmonic_fps_centi", Unit: "1/100 fps", Highest: 100_000}
)

// DecodedLatencyMs is end-to-end delay read from decoded frames: receipt
// minus the capture time burned into the frame (--decode-sample).
var DecodedLatencyMs = Metric{Name: "decoded_latency_ms", Unit: "ms", Highest: 60_000}

// DataDeliveryMs is a chat message's time from send to receipt, per
// receiver (--data-rate): up to 60 s.
var DataDeliveryMs = Metric{Name: "data_delivery_ms", Unit: "ms", Highest: 60_000}

// Publisher-side metrics, one value per sent stream over the time it
// counted: its bitrate by simulcast layer (audio on its own), the mean
// round-trip time and the last loss fraction the SFU's receiver reports
// gave.
var (
	SentLowKbps    = Metric{Name: "sent_low_kbps", Unit: "kbit/s", Highest: 100_000}
	SentMediumKbps = Metric{Name: "sent_medium_kbps", Unit: "kbit/s", Highest: 100_000}
	SentHighKbps   = Metric{Name: "sent_high_kbps", Unit: "kbit/s", Highest: 100_000}
	SentAudioKbps  = Metric{Name: "sent_audio_kbps", Unit: "kbit/s", Highest: 100_000}
	RTTMs          = Metric{Name: "rtt_ms", Unit: "ms", Highest: 60_000}
	RemoteLossPPM  = Metric{Name: "remote_loss_ppm", Unit: "ppm", Highest: 1_000_000}
)

// Metrics lists every metric, in the order reports show them.
func Metrics() []Metric {
	return []Metric{LatencyMs, DecodedLatencyMs, JitterUs, JoinMs, FirstFrameMs, LossPPM, LossBeforeRepairPPM, FreezeRatioPPM, FPSCenti, HarmonicFPSCenti, DataDeliveryMs,
		SentLowKbps, SentMediumKbps, SentHighKbps, SentAudioKbps, RTTMs, RemoteLossPPM}
}

// metricNamed returns the metric whose Name is name.
func metricNamed(name string) (Metric, bool) {
	for _, m := range Metrics() {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// significantDigits is the precision of every histogram.
const significantDigits = 3
