package record_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/record"
	"github.com/lkbot/lkbot/record/manifest"
)

// TestRecordManifestRefreshes: while a track records, manifest.json is
// rewritten every 5 s with its counts and the time of its last frame, so
// that a recording killed at any moment says what its files hold.
func TestRecordManifestRefreshes(t *testing.T) {
	srv := lktest.Start(t)
	r := startRecording(t, srv, record.Config{Quality: "high", Kinds: []string{"video"}}, nil)
	joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) { c.Mic = "none" })
	path := filepath.Join(r.dir, manifest.FileName)

	// The manifest lists the camera as soon as its file opens.
	var opened manifest.Track
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		m, err := manifest.Read(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("reading the manifest while recording: %v", err)
		}
		if err == nil && len(m.Tracks) == 1 && len(m.Tracks[0].Files) == 1 {
			opened = m.Tracks[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the manifest never listed the camera's file")
		}
	}
	time.Sleep(6 * time.Second) // more than one refresh period
	m, err := manifest.Read(path)
	if err != nil {
		t.Fatalf("reading the manifest while recording: %v", err)
	}
	now := m.Tracks[0]
	t.Logf("at open: %d frames to %s; 6 s later: %d frames to %s", opened.Frames, opened.End.Format(time.StampMilli), now.Frames, now.End.Format(time.StampMilli))
	if advanced := now.End.Sub(opened.End); advanced < 4*time.Second || now.Frames < opened.Frames+4*pubFPS {
		t.Errorf("6 s on, the manifest's last frame moved %v and its frames from %d to %d: want a refresh within 5 s", advanced, opened.Frames, now.Frames)
	}
	r.stop()
}
