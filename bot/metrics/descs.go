package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lkbot/lkbot/bot"
)

// namespace prefixes every bot metric.
const namespace = "lkbot_"

// The labels.
const (
	labelState  = "state"
	labelSource = "source"
	labelKind   = "kind"
	labelCodec  = "codec"
)

// trackLabels name a track's series: a bot has at most one track per
// source, and kind and codec let a query pick video or one codec.
var trackLabels = []string{labelSource, labelKind, labelCodec}

// trackMetric is one series per local track, read from its snapshot.
type trackMetric struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(bot.TrackSnapshot) float64
}

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(namespace+name, help, labels, nil)
}

// newTrackMetrics defines each per-track metric.
func newTrackMetrics() []trackMetric {
	return []trackMetric{
		{desc("track_published", "1 once the server has the track's publication, else 0.", trackLabels...), prometheus.GaugeValue,
			func(t bot.TrackSnapshot) float64 { return boolValue(t.SID != "") }},
		{desc("track_muted", "1 while the track is muted, else 0.", trackLabels...), prometheus.GaugeValue,
			func(t bot.TrackSnapshot) float64 { return boolValue(t.Muted) }},
		{desc("track_encoded_frames_total", "Frames the track's encoders produced, over all simulcast layers.", trackLabels...), prometheus.CounterValue,
			func(t bot.TrackSnapshot) float64 { return float64(t.FramesEncoded) }},
		{desc("track_sent_frames_total", "Frames written to the peer connection, over all layers; an audio frame is one RTP packet.", trackLabels...), prometheus.CounterValue,
			func(t bot.TrackSnapshot) float64 { return float64(t.FramesSent) }},
		{desc("track_sent_bytes_total", "Payload bytes of the frames sent.", trackLabels...), prometheus.CounterValue,
			func(t bot.TrackSnapshot) float64 { return float64(t.BytesSent) }},
		{desc("track_sent_packets_total", "RTP packets of the track's streams, retransmissions included.", trackLabels...), prometheus.CounterValue,
			func(t bot.TrackSnapshot) float64 { return float64(t.PacketsSent) }},
		{desc("track_dropped_frames_total", "Captured frames a layer never sent: its encoder was busy, or its rate control skipped them.", trackLabels...), prometheus.CounterValue,
			func(t bot.TrackSnapshot) float64 { return float64(t.FramesDropped) }},
		{desc("track_sent_keyframes_total", "Video keyframes sent; 0 for audio.", trackLabels...), prometheus.CounterValue,
			func(t bot.TrackSnapshot) float64 { return float64(t.Keyframes) }},
	}
}

// states are the values of the state label, every one reported at each
// scrape so that a query can compare them.
var states = []string{bot.StateConnecting, bot.StateConnected, bot.StateReconnecting, bot.StateDisconnected}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
