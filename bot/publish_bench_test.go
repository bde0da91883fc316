package bot

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/procstat"
)

// BenchmarkPublishCPU publishes a 720p30 camera (and no microphone) to a real
// server for 30 s (LKBOT_BENCH_SECONDS overrides) and reports the CPU the
// bot's process spent per second of publishing, in cores: source, scaling,
// encoding, packetisation and SRTP included. The server runs in its own
// process and is not counted.
func BenchmarkPublishCPU(b *testing.B) {
	for _, tc := range []struct {
		name      string
		codec     string
		simulcast bool
	}{
		{"vp8-simulcast", CodecVP8, true},
		{"vp8-single", CodecVP8, false},
		{"h264-simulcast", CodecH264, true},
		// VP9 is not SimulcastCapable: with simulcast asked for it
		// publishes one full-size stream, as vp9-single does.
		{"vp9-single", CodecVP9, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			measurePublishCPU(b, livekit.TrackSource_CAMERA, "encoded-frames/s", func(c *Config) {
				c.Mic, c.VideoCodec, c.Simulcast = "none", tc.codec, tc.simulcast
			})
		})
	}
}

// measurePublishCPU publishes what change configures to a real server
// for benchSeconds, past a 2 s ramp-up, and reports the process's CPU in
// cores and the frames source's track produced per second, under unit.
func measurePublishCPU(b *testing.B, source livekit.TrackSource, unit string, change func(*Config)) {
	srv := lktest.Start(b)
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Room = srv.URL(), srv.APIKey(), srv.APISecret(), "bench"
	change(&cfg)
	bot, err := New(Params{Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	if err := bot.Connect(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer bot.Close()
	time.Sleep(2 * time.Second) // past the first keyframes and ramp-up
	b.ResetTimer()
	cpu0, wall0 := procstat.CPU(), time.Now()
	before := bot.encodedFrames(source)
	time.Sleep(time.Duration(benchSeconds()) * time.Second)
	cpu, wall := procstat.CPU()-cpu0, time.Since(wall0)
	frames := bot.encodedFrames(source) - before
	b.StopTimer()
	b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
	b.ReportMetric(float64(frames)/wall.Seconds(), unit)
}

// benchSeconds is how long a publishing benchmark measures: 30 s, or
// LKBOT_BENCH_SECONDS.
func benchSeconds() int {
	if s, err := strconv.Atoi(os.Getenv("LKBOT_BENCH_SECONDS")); err == nil && s > 0 {
		return s
	}
	return 30
}
