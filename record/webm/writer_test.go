package webm

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const frame30 = time.Second / 30

// write puts frames in a new file of one track and closes it.
func write(t *testing.T, path string, tr Track, fs []frame) Stats {
	t.Helper()
	w, err := Create(path, []Track{tr}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if err := w.Write(0, f.at, f.key, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Stats()
}

func TestCodecs(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, tc := range []struct {
		codec, ext, stream string
		step               time.Duration
	}{
		{"vp8", ".webm", "v:0", frame30},
		{"vp9", ".webm", "v:0", frame30},
		{"h264", ".mkv", "v:0", frame30},
		{"opus", ".webm", "a:0", 20 * time.Millisecond},
	} {
		t.Run(tc.codec, func(t *testing.T) {
			fs := fixture(t, tc.codec, "320x240", 5)
			path := filepath.Join(t.TempDir(), "out"+tc.ext)
			st := write(t, path, Track{Codec: tc.codec}, fs)
			if st.Blocks != len(fs) || st.Dropped != 0 || st.Clamped != 0 {
				t.Errorf("stats %+v, want %d blocks, none dropped or clamped", st, len(fs))
			}
			if msg := decodeErrors(t, path); msg != "" {
				t.Errorf("ffmpeg decode: %s", msg)
			}
			doc := "webm"
			if tc.codec == "h264" {
				doc = "matroska"
			}
			if !strings.Contains(readAll(t, path)[:64], doc) {
				t.Errorf("DocType is not %s", doc)
			}
			if n := countFrames(t, path, tc.stream); n != len(fs) {
				t.Errorf("ffprobe counts %d frames, wrote %d", n, len(fs))
			}
			span := fs[len(fs)-1].at + tc.step
			if d := st.Duration - span; d < -time.Millisecond || d > time.Millisecond {
				t.Errorf("Stats.Duration %v, want %v", st.Duration, span)
			}
			d := probeFloat(t, path, "-show_entries", "format=duration")
			if math.Abs(d-span.Seconds()) > tc.step.Seconds()+0.001 {
				t.Errorf("duration %.3f s, want %.3f s within a frame", d, span.Seconds())
			}
			if msg := decodeErrors(t, path, "-ss", "3"); msg != "" {
				t.Errorf("ffmpeg -ss 3: %s", msg)
			}
			if tc.stream == "v:0" {
				want := "320,240"
				if got := strings.Join(probe(t, path, "-select_streams", "v:0", "-show_entries", "stream=width,height"), ""); got != want {
					t.Errorf("size %s, want %s", got, want)
				}
			}
		})
	}
}

// TestSeek checks that a finished file has cues a player seeks with: the
// frame ffmpeg decodes first after -ss 3 is at 3 s.
func TestSeek(t *testing.T) {
	fs := fixture(t, "vp8", "320x240", 5)
	path := filepath.Join(t.TempDir(), "seek.webm")
	write(t, path, Track{Codec: "vp8"}, fs)
	out := probe(t, path, "-read_intervals", "3%+#1", "-select_streams", "v:0", "-show_entries", "packet=pts_time")
	if len(out) == 0 || !strings.HasPrefix(out[0], "3.0") {
		t.Errorf("first packet after seeking to 3 s: %q, want 3.0", out)
	}
	if out, err := combined(tool(t, "ffmpeg"), "-v", "error", "-ss", "3", "-i", path, "-frames:v", "1", "-f", "null", "-"); err != nil || len(out) > 0 {
		t.Errorf("ffmpeg -ss 3 -i file -frames:v 1: %v %s", err, out)
	}
	if !hasCues(t, path) {
		t.Error("no Cues in the file")
	}
}

// hasCues reports whether ffprobe's trace shows the Cues being read.
func hasCues(t *testing.T, path string) bool {
	t.Helper()
	return len(probe(t, path, "-show_entries", "format=duration")) == 1 && strings.Contains(readAll(t, path), string(idCues))
}

func TestGap(t *testing.T) {
	fs := fixture(t, "vp8", "320x240", 4)
	for i := 60; i < len(fs); i++ {
		fs[i].at += 3 * time.Second // muted from 2 s to 5 s
	}
	path := filepath.Join(t.TempDir(), "gap.webm")
	write(t, path, Track{Codec: "vp8"}, fs)
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
	pts := packetTimes(t, path, "v:0")
	if len(pts) != len(fs) {
		t.Fatalf("%d packets, want %d", len(pts), len(fs))
	}
	for _, i := range []int{59, 60, len(fs) - 1} {
		if want := fs[i].at.Seconds(); math.Abs(pts[i]-want) > 0.001 {
			t.Errorf("frame %d at %.3f s, want %.3f s", i, pts[i], want)
		}
	}
	if d := probeFloat(t, path, "-show_entries", "format=duration"); math.Abs(d-7) > frame30.Seconds()+0.001 {
		t.Errorf("duration %.3f s, want 7 s", d)
	}
}

func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		tracks []Track
		want   error
	}{
		{nil, ErrNoTracks},
		{[]Track{{Codec: "av1"}}, ErrCodec},
	} {
		if _, err := Create(filepath.Join(dir, "x.webm"), tc.tracks, Options{}); !errors.Is(err, tc.want) {
			t.Errorf("Create(%v): %v, want %v", tc.tracks, err, tc.want)
		}
	}
	w, err := Create(filepath.Join(dir, "y.webm"), []Track{{Codec: "vp8"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(1, 0, true, []byte{1}); !errors.Is(err, ErrTrack) {
		t.Errorf("Write to track 1 of 1: %v, want ErrTrack", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(0, 0, true, []byte{1}); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	// An H.264 track needs its parameter sets before the header.
	h, err := Create(filepath.Join(dir, "z.mkv"), []Track{{Codec: "h264"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	idr := []byte{0, 0, 0, 1, 0x65, 0x88, 0x84}
	if err := h.Write(0, 0, true, idr); !errors.Is(err, ErrNoParameterSets) {
		t.Errorf("H.264 without SPS and PPS: %v, want ErrNoParameterSets", err)
	}
	if err := h.Close(); !errors.Is(err, ErrNoParameterSets) {
		t.Errorf("Close: %v, want ErrNoParameterSets", err)
	}
}

// TestEmpty closes a file that got no block: it is a valid file with no
// frames.
func TestEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.webm")
	w, err := Create(path, []Track{{Codec: "vp8", Width: 320, Height: 240}, {Codec: "opus"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := probe(t, path, "-show_entries", "stream=codec_name"); strings.Join(got, " ") != "vp8 opus" {
		t.Errorf("streams %q, want vp8 and opus", got)
	}
}

// TestConcurrent writes a camera and a microphone from two goroutines, as
// their tracks' readers do; -race checks the locking. The goroutines are
// not paced, so the ordering buffer is made long enough to hold it all.
func TestConcurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	v := fixture(t, "vp8", "320x240", 2)
	a := fixture(t, "opus", "", 2)
	path := filepath.Join(t.TempDir(), "both.webm")
	w, err := Create(path, []Track{{Codec: "vp8"}, {Codec: "opus"}}, Options{Sync: true, Interleave: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for track, fs := range [][]frame{v, a} {
		wg.Go(func() {
			for _, f := range fs {
				if err := w.Write(track, f.at, f.key, f.data); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Blocks != len(v)+len(a) {
		t.Errorf("stats %+v, want %d blocks", st, len(v)+len(a))
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
}
