package webm

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/sample"
)

// tool finds ffmpeg or ffprobe; the tests need both.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: run `make testdeps`", name)
	}
	return p
}

// encode runs ffmpeg with args and writes name in a fresh temporary
// directory.
func encode(t testing.TB, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if out, err := combined(tool(t, "ffmpeg"), append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), path)...); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s (run `make testdeps` if an encoder is missing)", strings.Join(args, " "), err, out)
	}
	return path
}

// video is ffmpeg's input and encoder arguments for seconds of size video
// at 30 fps with a keyframe every second.
func video(codec, size string, seconds int) []string {
	args := []string{"-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30", "-t", strconv.Itoa(seconds), "-g", "30"}
	switch codec {
	case "vp8":
		return append(args, "-c:v", "libvpx", "-b:v", "500k", "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf")
	case "vp9":
		return append(args, "-c:v", "libvpx-vp9", "-b:v", "500k", "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf")
	case "h264":
		return append(args, "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-x264-params", "aud=1", "-f", "h264")
	}
	panic(codec)
}

// audio is ffmpeg's arguments for seconds of Opus in 20 ms packets.
func audio(seconds int) []string {
	return []string{"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", strconv.Itoa(seconds),
		"-ac", "2", "-c:a", "libopus", "-b:a", "64k", "-frame_duration", "20", "-f", "ogg"}
}

// frame is one sample of a fixture at its media time.
type frame struct {
	at   time.Duration
	key  bool
	data []byte
}

// frames reads every sample of an encoded file with media/sample.
func frames(t testing.TB, path string) []frame {
	t.Helper()
	f, err := sample.Open(path, sample.Options{FPS: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []frame
	var at time.Duration
	for i := range f.Len() {
		s, err := f.ReadSample(i, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, frame{at: at, key: s.Key, data: s.Data})
		at += s.Duration
	}
	return out
}

// fixture encodes and reads a fixture of codec ("vp8", "vp9", "h264",
// "opus") of seconds.
func fixture(t testing.TB, codec, size string, seconds int) []frame {
	t.Helper()
	if codec == "opus" {
		return frames(t, encode(t, "a.ogg", audio(seconds)...))
	}
	return frames(t, encode(t, "v."+codec, video(codec, size, seconds)...))
}

// probe runs ffprobe on path and returns its output lines.
func probe(t testing.TB, path string, args ...string) []string {
	t.Helper()
	out, err := combined(tool(t, "ffprobe"), append([]string{"-v", "error", "-of", "csv=p=0"}, append(args, path)...)...)
	if err != nil {
		t.Fatalf("ffprobe %s: %v\n%s", path, err, out)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l = strings.Trim(strings.TrimSpace(l), ","); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// probeFloat is a single number ffprobe prints.
func probeFloat(t testing.TB, path string, args ...string) float64 {
	t.Helper()
	lines := probe(t, path, args...)
	if len(lines) != 1 {
		t.Fatalf("ffprobe %s %v: %q, want one value", path, args, lines)
	}
	v, err := strconv.ParseFloat(lines[0], 64)
	if err != nil {
		t.Fatalf("ffprobe %s %v: %v", path, args, err)
	}
	return v
}

// countFrames decodes stream (v:0, a:0) and counts its frames.
func countFrames(t testing.TB, path, stream string) int {
	t.Helper()
	return int(probeFloat(t, path, "-count_frames", "-select_streams", stream, "-show_entries", "stream=nb_read_frames"))
}

// packetTimes lists the pts of stream's packets, in file order.
func packetTimes(t testing.TB, path, stream string) []float64 {
	t.Helper()
	var pts []float64
	for _, l := range probe(t, path, "-select_streams", stream, "-show_entries", "packet=pts_time") {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil {
			t.Fatalf("pts %q: %v", l, err)
		}
		pts = append(pts, v)
	}
	return pts
}

// decodeErrors decodes path with ffmpeg and returns what it printed at
// level error: nothing for a good file.
func decodeErrors(t testing.TB, path string, before ...string) string {
	t.Helper()
	args := append(append([]string{"-hide_banner", "-v", "error"}, before...), "-i", path, "-f", "null", "-")
	out, err := combined(tool(t, "ffmpeg"), args...)
	if err != nil {
		return err.Error() + ": " + string(out)
	}
	return strings.TrimSpace(string(out))
}

// snapshot copies the bytes of a file that is still being written.
func snapshot(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy"+filepath.Ext(path))
	if err := os.WriteFile(cp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return cp
}

// combined runs a command with a deadline, so that a hung ffmpeg fails
// the test instead of eating CI's time, and returns its output.
func combined(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return exec.CommandContext(ctx, name, args...).CombinedOutput()
}
