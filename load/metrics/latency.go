package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// latencyBuckets are the classic buckets of end-to-end latency, in
// seconds: fine around the 100 to 500 ms where thresholds are usually
// set, from 5 ms on a LAN to 5 s on a server that has given up.
func latencyBuckets() []float64 {
	return []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5}
}

// newLatency makes the latency histogram. Scrapers that ask for
// protobuf also get it as a native histogram, whose buckets are 10%
// apart at most, for quantiles as fine as the report's.
func newLatency() *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:                            namespace + "latency_seconds",
		Help:                            "End-to-end latency from sender to receiving bot, from RTCP sender reports, by room.",
		Buckets:                         latencyBuckets(),
		NativeHistogramBucketFactor:     1.1,
		NativeHistogramMaxBucketNumber:  160,
		NativeHistogramMinResetDuration: time.Hour,
	}, []string{labelRoom})
}
