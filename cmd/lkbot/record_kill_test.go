package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/record/manifest"
)

// publisher joins a bot that publishes a small synthetic camera and a
// microphone into room.
func publisher(t *testing.T, srv *lktest.Server, room string) {
	t.Helper()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Room, cfg.Identity = srv.URL(), srv.APIKey(), srv.APISecret(), room, "alice"
	cfg.Resolution, cfg.FPS = "640x360", 15
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
}

// recordedFiles lists the media files in dir, by manifest.
func recordedFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := manifest.Read(filepath.Join(dir, manifest.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, tr := range m.Tracks {
		for _, f := range tr.Files {
			files = append(files, filepath.Join(dir, f))
		}
	}
	if len(files) != 2 {
		t.Fatalf("recorded %v, want the camera's and the microphone's files", files)
	}
	return files
}

// playedSeconds is how long ffmpeg decodes path for, from the last
// decoded frame's time; it fails the test if ffmpeg reports an error.
func playedSeconds(t *testing.T, path string) float64 {
	t.Helper()
	// Milliseconds, the file's time base: see decodesClean in record.
	out, err := exec.Command("ffmpeg", "-hide_banner", "-v", "error", "-i", path, "-enc_time_base:v", "1:1000", "-f", "null", "-").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Errorf("ffmpeg decoding %s: %v\n%s", filepath.Base(path), err, out)
	}
	probe, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var last float64
	for _, line := range strings.Fields(string(probe)) {
		if v, err := strconv.ParseFloat(strings.TrimSuffix(line, ","), 64); err == nil && v > last {
			last = v
		}
	}
	return last
}

// TestRecordSurvivesSIGKILL kills lkbot record 10 s after both tracks'
// recordings started: every file plays to at least 8 s (at most 2 s
// lost) and decodes without an error.
func TestRecordSurvivesSIGKILL(t *testing.T) {
	srv := lktest.Start(t)
	publisher(t, srv, "killed")
	dir := t.TempDir()
	events := filepath.Join(t.TempDir(), "events.jsonl")
	cmd, out := startChild(t, nil, "record", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "killed", "--out", dir, "--duration", "2m", "--events", events)
	waitForLines(t, events, `"type":"recording_started"`, 2)
	time.Sleep(10 * time.Second)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for _, f := range recordedFiles(t, dir) {
		played := playedSeconds(t, f)
		t.Logf("%s plays %.2f s", filepath.Base(f), played)
		if played < 8 {
			t.Errorf("%s plays %.2f s after a kill at 10 s, want at least 8; recorder output:\n%s", filepath.Base(f), played, out.String())
		}
	}
}

// TestRecordSIGTERMFinishesFiles: after SIGTERM, lkbot record exits 0
// and every file has its duration and seeks.
func TestRecordSIGTERMFinishesFiles(t *testing.T) {
	srv := lktest.Start(t)
	publisher(t, srv, "termed")
	dir := t.TempDir()
	cmd, out := startChild(t, nil, "record", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "termed", "--out", dir, "--duration", "2m")
	time.Sleep(7 * time.Second)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("lkbot record after SIGTERM: %v\n%s", err, out.String())
	}
	for _, f := range recordedFiles(t, dir) {
		d, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", f).Output()
		if err != nil {
			t.Fatal(err)
		}
		secs, err := strconv.ParseFloat(strings.TrimSpace(string(d)), 64)
		if err != nil || secs < 4 {
			t.Errorf("%s: duration %q, want a finished file of at least 4 s", filepath.Base(f), d)
		}
		seek := exec.Command("ffmpeg", "-hide_banner", "-v", "error", "-ss", "3", "-i", f, "-t", "0.5", "-f", "null", "-")
		if o, err := seek.CombinedOutput(); err != nil || strings.TrimSpace(string(o)) != "" {
			t.Errorf("%s: seeking to 3 s: %v\n%s", filepath.Base(f), err, o)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, manifest.FileName)); err != nil {
		t.Error(err)
	}
}

// waitForLines waits until path holds n lines containing want.
func waitForLines(t *testing.T, path, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if strings.Count(string(data), want) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d lines with %s, want %d:\n%s", path, strings.Count(string(data), want), want, n, data)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
