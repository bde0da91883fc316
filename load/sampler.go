package load

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/procstat"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

// SampleEvery is how often the runner samples the run.
const SampleEvery = time.Second

// MaxSeries bounds the report's time series: when it holds twice this
// many samples, every other one is dropped, so a long run keeps its whole
// span at a coarser step.
const MaxSeries = 1800

// counters are the runner's running totals, written by the bots'
// goroutines.
type counters struct {
	joins, failures, sessionEnds, churns atomic.Int64
}

// sampler takes a Sample every SampleEvery while the run lasts: it walks
// every joined bot's received tracks, sums what each received since the
// previous sample, and keeps the series and the latest sample.
type sampler struct {
	ms      *measurement
	counts  *counters
	planned int
	start   time.Time
	// onSample, when set, gets every sample as it is taken.
	onSample func(Sample)

	// state of the sampling goroutine, which alone touches these
	prev    map[trackKey]stats.Quality
	total   Traffic
	last    time.Time
	cpuLast time.Duration
	gcLast  time.Time
	satRun  int

	mu      sync.Mutex
	latest  Sample
	series  []Sample
	invalid string
}

// trackKey names one received track of one bot.
type trackKey struct {
	bot *bot.Bot
	sid string
}

func newSampler(ms *measurement, counts *counters, planned int, start time.Time, onSample func(Sample)) *sampler {
	s := &sampler{ms: ms, counts: counts, planned: planned, start: start, onSample: onSample,
		prev: map[trackKey]stats.Quality{}, last: start, cpuLast: procstat.CPU(), gcLast: start}
	s.latest = Sample{At: start, Planned: planned, Rooms: map[string]*RoomSample{}, JoinedByRole: map[Role]int{}}
	return s
}

// run samples until ctx ends, then takes a last sample.
func (s *sampler) run(ctx context.Context) {
	t := time.NewTicker(SampleEvery)
	defer t.Stop()
	due := time.Now().Add(SampleEvery)
	for {
		select {
		case <-ctx.Done():
			s.take(time.Now(), 0)
			return
		case now := <-t.C:
			s.take(now, time.Since(due))
			due = now.Add(SampleEvery)
		}
	}
}

// take makes one sample at now; lag is how late the tick came.
func (s *sampler) take(now time.Time, lag time.Duration) {
	smp := Sample{At: now, Elapsed: now.Sub(s.start), Planned: s.planned, Warm: s.ms.isWarm(),
		JoinsTotal: int(s.counts.joins.Load()), FailuresTotal: int(s.counts.failures.Load()),
		SessionEndsTotal: int(s.counts.sessionEnds.Load()), ChurnsTotal: int(s.counts.churns.Load()),
		Rooms: map[string]*RoomSample{}, JoinedByRole: map[Role]int{}}
	seconds := now.Sub(s.last).Seconds()
	seen := make(map[trackKey]stats.Quality, len(s.prev))
	for _, jb := range s.ms.joinedBots() {
		smp.Joined++
		smp.JoinedByRole[jb.role]++
		room := smp.Rooms[jb.room]
		if room == nil {
			room = &RoomSample{}
			smp.Rooms[jb.room] = room
		}
		room.Joined++
		for _, t := range jb.bot.ReceivedTracks() {
			jb.m.watch(s.ms, t)
			key := trackKey{jb.bot, t.SID}
			d := t.Quality.Since(s.prev[key])
			seen[key] = t.Quality
			tr := trafficOf(d)
			smp.Traffic.Add(tr)
			room.Traffic.Add(tr)
			room.Tracks++
			smp.Tracks++
			if t.Kind == "video" {
				smp.VideoTracks++
			}
		}
	}
	for _, room := range smp.Rooms {
		room.Traffic.Seconds = seconds
	}
	s.prev = seen
	smp.Traffic.Seconds = seconds
	s.total.Add(smp.Traffic)
	s.total.Seconds = now.Sub(s.start).Seconds()
	smp.TrafficTotal = s.total
	h := s.ms.takeWindow()
	smp.LatencyP50Ms, smp.LatencyP95Ms, smp.LatencyCount = h.ValueAtQuantile(50), h.ValueAtQuantile(95), h.TotalCount()
	smp.Generator = s.health(now, seconds, lag)
	s.last = now

	s.mu.Lock()
	s.latest = smp
	s.series = append(s.series, smp)
	if len(s.series) >= 2*MaxSeries {
		s.series = everyOther(s.series)
	}
	if smp.Warm && smp.Generator.Saturated {
		s.satRun++
		if s.satRun >= SaturatedRun && s.invalid == "" {
			s.invalid = "the load generator was saturated (" + describeSaturation(smp.Generator) + "): the figures measure lkbot, not the server"
		}
	} else {
		s.satRun = 0
	}
	s.mu.Unlock()
	if s.onSample != nil {
		s.onSample(smp)
	}
}

// health measures the generator over the interval.
func (s *sampler) health(now time.Time, seconds float64, lag time.Duration) Generator {
	cpu := procstat.CPU()
	g := Generator{Goroutines: runtime.NumGoroutine(), TickLagMs: max(lag, 0).Seconds() * 1000}
	if seconds > 0 {
		g.CPU = (cpu - s.cpuLast).Seconds() / seconds
		g.CPUShare = g.CPU / float64(runtime.GOMAXPROCS(0))
	}
	s.cpuLast = cpu
	var gc debug.GCStats
	debug.ReadGCStats(&gc)
	for i, end := range gc.PauseEnd {
		if !end.After(s.gcLast) || i >= len(gc.Pause) {
			break // PauseEnd is newest first
		}
		g.GCPauseMaxMs = max(g.GCPauseMaxMs, gc.Pause[i].Seconds()*1000)
	}
	if len(gc.PauseEnd) > 0 {
		s.gcLast = gc.PauseEnd[0]
	}
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	g.HeapBytes = mem.HeapAlloc
	g.Saturated = g.CPUShare >= SaturatedCPUShare || lag >= SaturatedTickLag
	return g
}

func describeSaturation(g Generator) string {
	if g.TickLagMs >= float64(SaturatedTickLag.Milliseconds()) {
		return "timers " + time.Duration(g.TickLagMs*float64(time.Millisecond)).Round(time.Millisecond).String() + " late"
	}
	return "CPU at " + percentOf(g.CPUShare) + " of its cores"
}

// Latest is the most recent sample.
func (s *sampler) Latest() Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest
}

// Series is every sample kept, oldest first.
func (s *sampler) Series() []Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sample(nil), s.series...)
}

// Invalid says why the run's figures cannot be trusted; empty when they
// can.
func (s *sampler) Invalid() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.invalid
}

func trafficOf(q stats.Quality) Traffic {
	return Traffic{Packets: q.Packets, Bytes: q.Bytes, Expected: q.Expected, Lost: q.Lost, LostBeforeRepair: q.LostBeforeRepair,
		Frames: q.Intervals, FrameTime: q.VideoDuration, Freezes: q.Freezes, FreezeTime: q.FreezeDuration}
}

func everyOther(s []Sample) []Sample {
	out := s[:0]
	for i := 0; i < len(s); i += 2 {
		out = append(out, s[i])
	}
	return out
}

// newWindow is an empty histogram of one interval's latencies.
func newWindow() *hdrhistogram.Histogram {
	return hdrhistogram.New(1, quality.LatencyMs.Highest, 3)
}
