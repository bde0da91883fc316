package bot

import (
	"testing"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/xvfbtest"
)

// BenchmarkPublishFileCPU publishes a 720p30 camera from a file to a real
// server and reports the bot's CPU per second, in cores, as
// BenchmarkPublishCPU does: a y4m file through lkbot's VP8 encoder, and a
// VP8 IVF file sent as samples without re-encoding, beside the synthetic
// source through the same encoder. All three send one 720p stream (no
// simulcast), so the figures compare live encoding with sending samples.
func BenchmarkPublishFileCPU(b *testing.B) {
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
			measurePublishCPU(b, livekit.TrackSource_CAMERA, "frames/s", func(c *Config) {
				c.Mic, c.Camera, c.Simulcast = "none", tc.camera, false
			})
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
	measurePublishCPU(b, livekit.TrackSource_SCREEN_SHARE, "frames/s", func(c *Config) {
		c.Camera, c.Mic, c.Screen = "none", "none", "device"
	})
}
