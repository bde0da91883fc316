package bot

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// ffmpegFixture makes a media file with ffmpeg in dir and returns its path.
func ffmpegFixture(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg is not installed: run make testdeps")
	}
	path := filepath.Join(dir, name)
	full := append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...)
	if out, err := exec.Command("ffmpeg", append(full, path)...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", name, err, out)
	}
	return path
}

// The colour the stills are painted, and what it is in BT.601 limited
// range: what a decoder hands back.
const (
	stillRGB                 = "0x3366cc"
	stillY, stillCb, stillCr = 100, 180, 98
)

// TestFileSources publishes every file format lkbot takes and has
// rtc-node, which decodes with libwebrtc, check what arrives: the codec,
// the size, the frame rate, the colour of stills and the pitch of tones.
// The encoded files (IVF, H.264) are 2 s long and looped, so the rate is
// measured across their loop points: timestamps must keep rising for the
// decoder to keep showing frames.
func TestFileSources(t *testing.T) {
	dir := t.TempDir()
	testsrc := func(rate string) []string {
		return []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=" + rate, "-t", "2"}
	}
	still := []string{"-f", "lavfi", "-i", "color=c=" + stillRGB + ":size=320x240", "-frames:v", "1"}
	tone := []string{"-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "2"}
	for _, tc := range []struct {
		name   string
		camera string
		mic    string
		codec  string
		mime   string
		fps    float64 // the rate frames must arrive at
		colour bool
		hz     float64
	}{
		{name: "ivf-vp8", codec: CodecVP8, mime: "video/vp8", fps: 30,
			camera: ffmpegFixture(t, dir, "vp8.ivf", append(testsrc("30"), "-c:v", "libvpx", "-g", "30", "-b:v", "500k")...)},
		{name: "ivf-vp9", codec: CodecVP9, mime: "video/vp9", fps: 30,
			camera: ffmpegFixture(t, dir, "vp9.ivf", append(testsrc("30"), "-c:v", "libvpx-vp9", "-g", "30", "-b:v", "500k", "-deadline", "realtime", "-cpu-used", "8")...)},
		{name: "h264", codec: CodecH264, mime: "video/h264", fps: 30,
			camera: ffmpegFixture(t, dir, "a.h264", append(testsrc("30"), "-c:v", "libx264", "-profile:v", "baseline", "-g", "30", "-bsf:v", "h264_mp4toannexb", "-f", "h264")...)},
		{name: "y4m", codec: CodecVP8, mime: "video/vp8", fps: 15,
			camera: ffmpegFixture(t, dir, "a.y4m", append(testsrc("25"), "-pix_fmt", "yuv420p")...)},
		{name: "png", codec: CodecVP8, mime: "video/vp8", fps: 15, colour: true,
			camera: ffmpegFixture(t, dir, "still.png", still...)},
		{name: "jpeg", codec: CodecVP8, mime: "video/vp8", fps: 15, colour: true,
			camera: ffmpegFixture(t, dir, "still.jpg", append(still, "-q:v", "2")...)},
		{name: "wav", hz: 1000,
			mic: ffmpegFixture(t, dir, "tone.wav", append(tone, "-af", "pan=stereo|c0=c0|c1=c0", "-c:a", "pcm_s16le")...)},
		{name: "ogg", hz: 1000,
			mic: ffmpegFixture(t, dir, "tone.ogg", append(tone, "-ar", "48000", "-c:a", "libopus", "-b:a", "64k")...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := lktest.Start(t)
			startBot(t, srv, func(c *Config) {
				c.Camera, c.Mic, c.Simulcast = "none", "none", false
				if tc.camera != "" {
					c.Camera, c.VideoCodec = "file:"+tc.camera, tc.codec
				}
				if tc.mic != "" {
					c.Mic = "file:" + tc.mic
				}
			})
			node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", "node"))
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()
			kind := "video"
			if tc.mic != "" {
				kind = "audio"
			}
			sub, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
				return e.Type == "track_subscribed" && e.Kind == kind && e.Participant == "bot"
			})
			if err != nil {
				t.Fatalf("node never subscribed to the bot's %s: %v", kind, err)
			}
			if kind == "audio" {
				checkTone(ctx, t, node, sub.SID, tc.hz, ffmpegSineRMS)
				return
			}
			if got := lower(sub.MimeType); got != tc.mime {
				t.Fatalf("node sees %s, want %s", got, tc.mime)
			}
			frames := collectFrames(ctx, t, node, sub.SID, 4*time.Second)
			checkFrames(t, frames, 320, 240, tc.fps)
			if tc.colour {
				checkColour(t, frames[len(frames)-1], stillY, stillCb, stillCr)
			}
		})
	}
}

// collectFrames gathers the frames the node decodes of sid for d after the
// first one.
func collectFrames(ctx context.Context, t *testing.T, node *testpeer.NodePeer, sid string, d time.Duration) []testpeer.Event {
	t.Helper()
	var frames []testpeer.Event
	_, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		if e.Type == "frame" && e.SID == sid {
			frames = append(frames, e)
		}
		return len(frames) > 1 && frames[len(frames)-1].At.Sub(frames[0].At) >= d
	})
	if err != nil {
		t.Fatalf("node decoded %d frames in %s: %v", len(frames), d, err)
	}
	return frames
}

// checkFrames wants every frame at w x h, arriving at fps within 10%.
func checkFrames(t *testing.T, frames []testpeer.Event, w, h int, fps float64) {
	t.Helper()
	for _, f := range frames {
		if f.Width != w || f.Height != h {
			t.Fatalf("decoded a %dx%d frame, want %dx%d", f.Width, f.Height, w, h)
		}
	}
	span := frames[len(frames)-1].At.Sub(frames[0].At).Seconds()
	got := float64(len(frames)-1) / span
	t.Logf("decoded %d frames in %.2f s: %.1f frames/s", len(frames), span, got)
	if math.Abs(got-fps) > fps/10 {
		t.Errorf("decoded %.1f frames/s, want %.0f", got, fps)
	}
}

// checkColour compares a decoded frame's mean colour with the expected
// limited-range Y, Cb and Cr, allowing for the codec's loss.
func checkColour(t *testing.T, f testpeer.Event, y, cb, cr int) {
	t.Helper()
	const tolerance = 6
	if abs(f.MeanY-y) > tolerance || abs(f.MeanCb-cb) > tolerance || abs(f.MeanCr-cr) > tolerance {
		t.Errorf("decoded mean colour Y %d Cb %d Cr %d, want %d %d %d (±%d)", f.MeanY, f.MeanCb, f.MeanCr, y, cb, cr, tolerance)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// checkTone waits for a second of audio on sid whose pitch is hz within
// 3% and whose RMS level is rms within 25% (Opus is lossy, and the
// level of a second's window moves with where the tone starts).
func checkTone(ctx context.Context, t *testing.T, node *testpeer.NodePeer, sid string, hz, rms float64) {
	t.Helper()
	var last testpeer.Event
	_, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		if e.Type != "audio" || e.SID != sid {
			return false
		}
		last = e
		return math.Abs(e.RMS-rms) < rms/4 && math.Abs(e.Hz-hz) < hz*0.03
	})
	if err != nil {
		t.Fatalf("node never heard a %g Hz tone at RMS %.3f; last second: %.1f Hz at RMS %.3f: %v", hz, rms, last.Hz, last.RMS, err)
	}
	t.Logf("heard %.1f Hz at RMS %.3f", last.Hz, last.RMS)
}

// ffmpegSineRMS is the RMS of ffmpeg's sine source, whose amplitude is 1/8.
var ffmpegSineRMS = 0.125 / math.Sqrt2

// TestFileEndsWithoutLoop: with --loop=false a file's track is unpublished
// at the file's end, after a source_ended event that says so.
func TestFileEndsWithoutLoop(t *testing.T) {
	dir := t.TempDir()
	path := ffmpegFixture(t, dir, "short.ivf", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libvpx", "-g", "30")
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) {
		c.Camera, c.Mic, c.Loop, c.Simulcast = "file:"+path, "none", false, false
	})
	sub := b.Events().Subscribe(64)
	defer sub.Cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var ended *event.SourceEnded
	for ended == nil {
		select {
		case env, ok := <-sub.C:
			if !ok {
				t.Fatal("event stream closed")
			}
			if ev, ok := env.Event.(event.SourceEnded); ok {
				ended = &ev
			}
		case <-ctx.Done():
			t.Fatal("no source_ended event within 15 s of a 2 s file")
		}
	}
	if ended.Source != SourceCamera || ended.Reason != sourceEndedEOF {
		t.Fatalf("source_ended %+v, want camera end_of_file", *ended)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.track(livekit.TrackSource_CAMERA) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the camera track is still published after its file ended")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBadFilesAreRefusedBeforeJoining: each bad file gives one line that
// names the file and what is wrong, from Validate, before any connection.
func TestBadFilesAreRefusedBeforeJoining(t *testing.T) {
	dir := t.TempDir()
	vp9 := ffmpegFixture(t, dir, "vp9.ivf", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "1", "-c:v", "libvpx-vp9")
	wav := ffmpegFixture(t, dir, "a.wav", "-f", "lavfi", "-i", "sine", "-t", "0.2")
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not media"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   []string
	}{
		{"codec mismatch", func(c *Config) { c.Camera = "file:" + vp9 }, []string{"vp9.ivf", "vp9", "--video-codec is vp8"}},
		{"audio as camera", func(c *Config) { c.Camera = "file:" + wav }, []string{"a.wav", "needs video"}},
		{"video as mic", func(c *Config) { c.Mic = "file:" + vp9 }, []string{"vp9.ivf", "needs audio"}},
		{"unknown format", func(c *Config) { c.Camera = "file:" + text }, []string{"notes.txt"}},
		{"blur on an encoded file", func(c *Config) { c.Camera, c.VideoCodec, c.Blur = "file:"+vp9, CodecVP9, 10 }, []string{"vp9.ivf", "no effect"}},
		{"missing", func(c *Config) { c.Mic = "file:" + filepath.Join(dir, "gone.wav") }, []string{"gone.wav", "no such file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Room = "ws://127.0.0.1:1", "k", "s", "r"
			tc.change(&cfg)
			err := cfg.Validate()
			if err == nil {
				t.Fatal("Validate accepted it")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is more than one line: %q", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
		})
	}
}

// TestEncodedFileMute: muting a track sent from an encoded file stops its
// RTP, and unmuting resumes at a keyframe of the file, since a file cannot
// make one on demand.
func TestEncodedFileMute(t *testing.T) {
	dir := t.TempDir()
	path := ffmpegFixture(t, dir, "vp8.ivf", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libvpx", "-g", "15")
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic, c.Simulcast = "file:"+path, "none", false })
	watcher := newPeer(t, srv, "room", "watcher")
	video := watcher.track(SourceCamera)
	eventually(t, 5*time.Second, "video RTP", func() bool { return len(video.snapshot()) > 0 })
	checkMute(t, b, video, "video/VP8")
}

// TestSourceFailureUnpublishes: a source that fails while publishing (here
// a y4m file cut short in its last frame; an unplugged camera goes the
// same way) gives a source_ended event with the reason, and the track is
// unpublished; the bot stays in the room.
func TestSourceFailureUnpublishes(t *testing.T) {
	dir := t.TempDir()
	whole := ffmpegFixture(t, dir, "whole.y4m", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "1", "-pix_fmt", "yuv420p")
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.y4m")
	if err := os.WriteFile(cut, data[:len(data)-1000], 0o644); err != nil {
		t.Fatal(err)
	}
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic, c.Simulcast = "file:"+cut, "none", false })
	sub := b.Events().Subscribe(64)
	defer sub.Cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		select {
		case env, ok := <-sub.C:
			if !ok {
				t.Fatal("event stream closed")
			}
			ev, ok := env.Event.(event.SourceEnded)
			if !ok {
				continue
			}
			if ev.Source != SourceCamera || ev.Reason != sourceEndedError || !strings.Contains(ev.Message, "cut.y4m") || !strings.Contains(ev.Message, "truncated") {
				t.Fatalf("source_ended %+v, want camera error naming cut.y4m as truncated", ev)
			}
			eventually(t, 5*time.Second, "camera unpublished", func() bool { return b.track(livekit.TrackSource_CAMERA) == nil })
			if b.Room() == nil || b.Room().ConnectionState() != "connected" {
				t.Fatalf("the bot left the room when its camera failed")
			}
			return
		case <-ctx.Done():
			t.Fatal("no source_ended within 15 s of a 1 s file cut short")
		}
	}
}
