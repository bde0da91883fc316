package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func sample() *Manifest {
	t0 := time.Date(2026, 12, 3, 14, 0, 0, 123456789, time.UTC)
	return &Manifest{
		Room: "room", Recorder: "recorder", Started: t0, Ended: t0.Add(time.Minute),
		Tracks: []Track{
			{Participant: "alice", SID: "TR_v", Source: "camera", Kind: "video", Codec: "VP8",
				Files: []string{"alice-camera-TR_v.webm", "alice-camera-TR_v-001.webm"},
				Start: t0.Add(time.Second), End: t0.Add(59 * time.Second),
				Frames: 1740, Packets: 9000, Gaps: 2, Dropped: 7, KeyframeRequests: 3},
			{Participant: "alice", SID: "TR_a", Source: "microphone", Kind: "audio", Codec: "opus",
				Files: []string{"alice-microphone-TR_a.ogg"}, Frames: 2900, Packets: 2900},
		},
	}
}

// TestRoundTrip: what Write writes, Read reads back the same, with the
// version filled in and snake_case keys on disk.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := sample()
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "" {
		t.Errorf("Write changed the caller's manifest: version %q", m.Version)
	}
	got, err := Read(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	want := sample()
	want.Version = Version
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	data, _ := os.ReadFile(filepath.Join(dir, FileName))
	for _, key := range []string{`"version": "lkbot.record/v1"`, `"track_sid"`, `"keyframe_requests"`, `"dropped_frames"`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("manifest lacks %s:\n%s", key, data)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %d entries, want manifest.json alone", len(entries))
	}
}

// TestUnfinished: a recording still going on has no ended time, and its
// tracks may not have frames yet.
func TestUnfinished(t *testing.T) {
	dir := t.TempDir()
	m := sample()
	m.Ended = time.Time{}
	m.Tracks[1].Start, m.Tracks[1].End = time.Time{}, time.Time{}
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, FileName))
	if strings.Contains(string(data), `"ended"`) || strings.Contains(string(data), "0001-01-01") {
		t.Errorf("zero times were written:\n%s", data)
	}
	got, err := Read(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Ended.IsZero() || !got.Tracks[1].Start.IsZero() {
		t.Errorf("zero times read back as %v, %v", got.Ended, got.Tracks[1].Start)
	}
}

// TestAtomic: a reader in a loop never sees a partial or unreadable
// manifest while another goroutine rewrites it 200 times.
func TestAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	m := sample()
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var reads int
	var readErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			got, err := Read(path)
			if err != nil {
				readErr = err
				return
			}
			if len(got.Tracks) != 2 || got.Tracks[0].Frames < 1740 {
				readErr = errors.New("read a manifest that was never written")
				return
			}
			reads++
			runtime.Gosched()
		}
	}()
	for i := range 200 {
		m.Tracks[0].Frames = 1740 + uint64(i)
		// Vary the length so that a torn file would not parse.
		m.Tracks[0].Files = append(m.Tracks[0].Files, strings.Repeat("x", i%7))
		if err := Write(dir, m); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	if readErr != nil {
		t.Fatalf("after %d good reads: %v", reads, readErr)
	}
	got, err := Read(path)
	if err != nil || got.Tracks[0].Frames != 1740+199 {
		t.Fatalf("final manifest: %+v, %v", got, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %d entries", len(entries))
	}
	t.Logf("%d reads during 200 writes", reads)
}

// TestUnwritableDir: the error names the directory.
func TestUnwritableDir(t *testing.T) {
	for name, dir := range map[string]string{
		"missing": filepath.Join(t.TempDir(), "no", "such", "dir"),
		"file":    func() string { p := filepath.Join(t.TempDir(), "f"); _ = os.WriteFile(p, nil, 0o644); return p }(),
		"readonly": func() string {
			d := filepath.Join(t.TempDir(), "ro")
			_ = os.Mkdir(d, 0o555)
			return d
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			if name == "readonly" && os.Geteuid() == 0 {
				t.Skip("root writes into read-only directories")
			}
			err := Write(dir, sample())
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name %s", err, dir)
			}
		})
	}
}

// TestReadErrors: a missing file, a torn one and another version fail.
func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	for name, body := range map[string]string{
		"torn":     `{"version": "lkbot.record/v1", "room": "r`,
		"version":  `{"version": "lkbot.record/v2"}`,
		"no":       `{}`,
		"trailing": `{"version": "lkbot.record/v1"} {}`,
	} {
		p := filepath.Join(dir, name+".json")
		_ = os.WriteFile(p, []byte(body), 0o644)
		if _, err := Read(p); err == nil {
			t.Errorf("%s: no error", name)
		} else if name == "version" && !errors.Is(err, ErrVersion) {
			t.Errorf("%s: %v, want ErrVersion", name, err)
		}
	}
}
