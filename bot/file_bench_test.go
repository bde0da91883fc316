package bot

import (
	"context"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/xvfbtest"
)

// BenchmarkPublishFileCPU publishes a 720p30 camera from a file to a real
// server and reports the bot's CPU per second, in cores, as
// BenchmarkPublishCPU does: a y4m file through lkbot's VP8 encoder, and a
// VP8 IVF file sent as samples without re-encoding, beside the synthetic
// source through the same encoder. All three send one 720p stream (no
// simulcast), so the figures compare live encoding with sending samples.
func BenchmarkPublishFileCPU(b *testing.B) {
	seconds := benchSeconds()
	dir := b.TempDir()
	src := []string{"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "3"}
	y4m := ffmpegFixture(b, dir, "720p30.y4m", append(src, "-pix_fmt", "yuv420p")...)
	ivf := ffmpegFixture(b, dir, "720p30.ivf", append(src, "-c:v", "libvpx", "-b:v", "1700k", "-g", "90", "-deadline", "realtime", "-cpu-used", "8")...)
	for _, tc := range []struct{ name, camera string }{
		{"synthetic-encoded", "synthetic"},
		{"y4m-encoded", "file:" + y4m},
		{"ivf-samples", "file:" + ivf},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := lktest.Start(b)
			cfg := DefaultConfig()
			cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Room = srv.URL(), srv.APIKey(), srv.APISecret(), "bench"
			cfg.Mic, cfg.Camera, cfg.Simulcast = "none", tc.camera, false
			bot, err := New(Params{Config: cfg})
			if err != nil {
				b.Fatal(err)
			}
			if err := bot.Connect(context.Background()); err != nil {
				b.Fatal(err)
			}
			defer bot.Close()
			time.Sleep(2 * time.Second)
			b.ResetTimer()
			cpu0, wall0 := cpuTime(), time.Now()
			before := bot.SentFrames(livekit.TrackSource_CAMERA)
			time.Sleep(time.Duration(seconds) * time.Second)
			cpu, wall := cpuTime()-cpu0, time.Since(wall0)
			frames := bot.SentFrames(livekit.TrackSource_CAMERA) - before
			b.StopTimer()
			b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
			b.ReportMetric(float64(frames)/wall.Seconds(), "sent-frames/s")
		})
	}
}

// BenchmarkPublishScreenCPU publishes a 1280x720 Xvfb screen at 15
// frames/s, as one VP8 stream at the screen-share bitrate, and reports the
// bot's CPU in cores: capture, RGBA to I420, encoding and sending. Xvfb's
// own CPU is not counted.
func BenchmarkPublishScreenCPU(b *testing.B) {
	display := xvfbtest.Start(b, 1280, 720)
	display.StartLogo(400, 300)
	b.Setenv("DISPLAY", display.Name())
	srv := lktest.Start(b)
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Room = srv.URL(), srv.APIKey(), srv.APISecret(), "bench"
	cfg.Camera, cfg.Mic, cfg.Screen = "none", "none", "device"
	bot, err := New(Params{Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	if err := bot.Connect(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer bot.Close()
	time.Sleep(2 * time.Second)
	b.ResetTimer()
	cpu0, wall0 := cpuTime(), time.Now()
	before := bot.SentFrames(livekit.TrackSource_SCREEN_SHARE)
	time.Sleep(time.Duration(benchSeconds()) * time.Second)
	cpu, wall := cpuTime()-cpu0, time.Since(wall0)
	frames := bot.SentFrames(livekit.TrackSource_SCREEN_SHARE) - before
	b.StopTimer()
	b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
	b.ReportMetric(float64(frames)/wall.Seconds(), "sent-frames/s")
}
