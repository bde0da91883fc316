package oggopus

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

func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: run `make testdeps`", name)
	}
	return p
}

// fixtureFile encodes seconds of a 440 Hz tone to Ogg/Opus in 20 ms
// packets with ffmpeg.
func fixtureFile(t testing.TB, seconds int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tone.ogg")
	args := []string{"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
		"-t", strconv.Itoa(seconds), "-ac", "2", "-c:a", "libopus", "-b:a", "64k", "-frame_duration", "20", path}
	if out, err := combined(tool(t, "ffmpeg"), args...); err != nil {
		t.Fatalf("ffmpeg: %v\n%s (run `make testdeps` if libopus is missing)", err, out)
	}
	return path
}

// packet is an Opus packet at its media time.
type packet struct {
	at   time.Duration
	data []byte
}

// fixture reads the packets of a fresh fixture of seconds.
func fixture(t testing.TB, seconds int) []packet {
	t.Helper()
	f, err := sample.Open(fixtureFile(t, seconds), sample.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []packet
	var at time.Duration
	for i := range f.Len() {
		s, err := f.ReadSample(i, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, packet{at, s.Data})
		at += s.Duration
	}
	return out
}

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

func probeFloat(t testing.TB, path string, args ...string) float64 {
	t.Helper()
	lines := probe(t, path, args...)
	if len(lines) != 1 {
		t.Fatalf("ffprobe %s %v: %q, want one value", path, args, lines)
	}
	v, err := strconv.ParseFloat(lines[0], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func countFrames(t testing.TB, path string) int {
	t.Helper()
	return int(probeFloat(t, path, "-count_frames", "-select_streams", "a:0", "-show_entries", "stream=nb_read_frames"))
}

func packetTimes(t testing.TB, path string) []float64 {
	t.Helper()
	var pts []float64
	for _, l := range probe(t, path, "-select_streams", "a:0", "-show_entries", "packet=pts_time") {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, v)
	}
	return pts
}

// decodeErrors decodes path, checking page CRCs, and returns what ffmpeg
// printed at level error.
func decodeErrors(t testing.TB, path string) string {
	t.Helper()
	args := []string{"-hide_banner", "-v", "error", "-err_detect", "crccheck+explode", "-i", path, "-f", "null", "-"}
	out, err := combined(tool(t, "ffmpeg"), args...)
	if err != nil {
		return err.Error() + ": " + string(out)
	}
	return strings.TrimSpace(string(out))
}

func snapshot(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.ogg")
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
