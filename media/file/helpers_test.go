package file

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// ffmpeg runs ffmpeg with args in dir and returns the path of out, the
// file it writes there.
func ffmpeg(t testing.TB, dir, out string, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Fatal("ffmpeg is needed to make test media: run make testdeps")
	}
	path := filepath.Join(dir, out)
	args = append([]string{"-nostdin", "-loglevel", "error", "-y"}, args...)
	cmd := exec.Command(bin, append(args, path)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, b)
	}
	return path
}

// testY4M makes a seconds-long 320x240 25 fps y4m of testsrc2 and its
// raw I420 decode by ffmpeg.
func testY4M(t testing.TB, seconds string) (y4m string, raw []byte) {
	t.Helper()
	dir := t.TempDir()
	y4m = ffmpeg(t, dir, "src.y4m", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", seconds, "-pix_fmt", "yuv420p")
	rawPath := ffmpeg(t, dir, "src.yuv", "-i", y4m, "-f", "rawvideo", "-pix_fmt", "yuv420p")
	raw, err := os.ReadFile(rawPath)
	if err != nil {
		t.Fatal(err)
	}
	return y4m, raw
}

// writeFile writes b to name in a new temporary directory.
func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// isClosed reports whether ch is closed, waiting at most wait.
func isClosed(ch <-chan struct{}, wait time.Duration) bool {
	select {
	case <-ch:
		return true
	default:
	}
	select {
	case <-ch:
		return true
	case <-time.After(wait):
		return false
	}
}
