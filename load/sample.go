package load

import "time"

// Sample is the run at one moment, as the live progress display,
// Prometheus and the report's time series show it. The rates and ratios
// are over the interval since the previous sample; the fields ending in
// Total only grow, whichever bots come and go.
type Sample struct {
	At time.Time `json:"at"`
	// Elapsed is the time since the ramp started.
	Elapsed time.Duration `json:"elapsed_ns"`
	// Warm says the warm-up is over: from now on figures count in the
	// report's quality.
	Warm bool `json:"warm"`

	// Planned is this shard's bots; Joined, those in their rooms now;
	// JoinsTotal, FailuresTotal and SessionEndsTotal count joins, failed
	// joins and sessions ended by the server or the network so far.
	Planned          int `json:"planned"`
	Joined           int `json:"joined"`
	JoinsTotal       int `json:"joins_total"`
	FailuresTotal    int `json:"failures_total"`
	SessionEndsTotal int `json:"session_ends_total"`
	// ChurnsTotal counts bots that left and rejoined on purpose (--churn).
	ChurnsTotal int `json:"churns_total"`

	// Tracks counts the tracks the joined bots receive now; VideoTracks,
	// those of video.
	Tracks      int `json:"tracks"`
	VideoTracks int `json:"video_tracks"`
	// Traffic is what the bots received in the interval.
	Traffic Traffic `json:"traffic"`
	// TrafficTotal is what they received since the run started.
	TrafficTotal Traffic `json:"traffic_total"`
	// LatencyP50Ms and LatencyP95Ms are over the end-to-end latencies
	// measured in the interval (from sender reports); LatencyCount says
	// how many there were.
	LatencyP50Ms int64 `json:"latency_p50_ms"`
	LatencyP95Ms int64 `json:"latency_p95_ms"`
	LatencyCount int64 `json:"latency_count"`

	// Generator is how the load generator itself fared in the interval.
	Generator Generator `json:"generator"`

	// Rooms holds each room's share, for labels in Prometheus; the
	// report's series leaves it out.
	Rooms map[string]*RoomSample `json:"-"`
	// JoinedByRole counts the bots in their rooms now by role.
	JoinedByRole map[Role]int `json:"joined_by_role"`
}

// Traffic sums what bots received over some time, across tracks.
type Traffic struct {
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
	// Expected, Lost and LostBeforeRepair are RFC 3550 packet counts.
	Expected         uint64 `json:"expected"`
	Lost             uint64 `json:"lost"`
	LostBeforeRepair uint64 `json:"lost_before_repair"`
	// Frames counts decodable video frames; FrameTime is the video time
	// they span (pauses left out), Freezes and FreezeTime the freezes.
	Frames     uint64        `json:"frames"`
	FrameTime  time.Duration `json:"frame_time_ns"`
	Freezes    uint64        `json:"freezes"`
	FreezeTime time.Duration `json:"freeze_time_ns"`
	// Seconds is the wall time the traffic was received over.
	Seconds float64 `json:"seconds"`
}

// BitrateBps is the payload bitrate over Seconds.
func (t Traffic) BitrateBps() float64 { return perSecond(float64(t.Bytes)*8, t.Seconds) }

// Loss is the residual loss after retransmission, 0 to 1.
func (t Traffic) Loss() float64 { return share(float64(t.Lost), float64(t.Expected)) }

// LossBeforeRepair is the loss before retransmission, 0 to 1.
func (t Traffic) LossBeforeRepair() float64 {
	return share(float64(t.LostBeforeRepair), float64(t.Expected))
}

// FPS is decodable frames per second of video time, per video track.
func (t Traffic) FPS() float64 { return perSecond(float64(t.Frames), t.FrameTime.Seconds()) }

// FreezeRatio is the share of video time frozen, 0 to 1.
func (t Traffic) FreezeRatio() float64 {
	return share(t.FreezeTime.Seconds(), t.FrameTime.Seconds())
}

// Add adds o's counts to t; Seconds stays t's, for the caller to set.
func (t *Traffic) Add(o Traffic) {
	t.Packets += o.Packets
	t.Bytes += o.Bytes
	t.Expected += o.Expected
	t.Lost += o.Lost
	t.LostBeforeRepair += o.LostBeforeRepair
	t.Frames += o.Frames
	t.FrameTime += o.FrameTime
	t.Freezes += o.Freezes
	t.FreezeTime += o.FreezeTime
}

// RoomSample is one room's share of a Sample.
type RoomSample struct {
	Joined  int     `json:"joined"`
	Tracks  int     `json:"tracks"`
	Traffic Traffic `json:"traffic"`
}

// Generator is the load generator's own health over a sample's interval.
// When it is saturated, the figures measure lkbot, not the server.
type Generator struct {
	// CPU is the process's CPU time over the interval's wall time, in
	// cores; CPUShare divides it by the cores Go may use (GOMAXPROCS).
	CPU      float64 `json:"cpu_cores"`
	CPUShare float64 `json:"cpu_share"`
	// GCPauseMaxMs is the longest stop-the-world GC pause in the interval.
	GCPauseMaxMs float64 `json:"gc_pause_max_ms"`
	// TickLagMs is how late the sampler's own timer fired: the time
	// goroutines wait for a core, which delays every sender's pacing
	// the same way.
	TickLagMs  float64 `json:"tick_lag_ms"`
	Goroutines int     `json:"goroutines"`
	HeapBytes  uint64  `json:"heap_bytes"`
	// Saturated says the generator was the bottleneck in this interval:
	// CPUShare at least SaturatedCPUShare, or TickLagMs at least
	// SaturatedTickLag.
	Saturated bool `json:"saturated"`
}

// When a sample counts as saturated.
const (
	SaturatedCPUShare = 0.9
	SaturatedTickLag  = 250 * time.Millisecond
	// SaturatedRun is how many saturated samples in a row, after the
	// warm-up, make the run invalid.
	SaturatedRun = 3
)

func perSecond(v, seconds float64) float64 {
	if seconds <= 0 {
		return 0
	}
	return v / seconds
}

func share(n, of float64) float64 {
	if of <= 0 {
		return 0
	}
	return n / of
}
