package webm

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestUnfinished copies the file of a writer that was never closed, as a
// SIGKILL leaves it: it decodes without error and holds at least the
// first 4 of the 5 s written.
func TestUnfinished(t *testing.T) {
	for _, codec := range []string{"vp8", "h264", "opus"} {
		t.Run(codec, func(t *testing.T) {
			fs := fixture(t, codec, "320x240", 5)
			ext, stream, per := ".webm", "v:0", 30
			switch codec {
			case "h264":
				ext = ".mkv"
			case "opus":
				stream, per = "a:0", 50
			}
			path := filepath.Join(t.TempDir(), "live"+ext)
			w, err := Create(path, []Track{{Codec: codec}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			for _, f := range fs {
				if err := w.Write(0, f.at, f.key, f.data); err != nil {
					t.Fatal(err)
				}
			}
			cp := snapshot(t, path)
			if msg := decodeErrors(t, cp); msg != "" {
				t.Errorf("ffmpeg decode of the unfinished file: %s", msg)
			}
			if n := countFrames(t, cp, stream); n < 4*per {
				t.Errorf("the unfinished file holds %d frames, want at least %d (4 s)", n, 4*per)
			}
		})
	}
}

// failingOutput takes limit bytes, then fails a write after taking part
// of it, as a full disk does.
type failingOutput struct {
	b         []byte
	limit     int
	truncated bool
}

var errDiskFull = errors.New("no space left on device")

func (f *failingOutput) Write(p []byte) (int, error) {
	if room := f.limit - len(f.b); len(p) > room {
		f.b = append(f.b, p[:max(room, 0)/2]...)
		return max(room, 0) / 2, errDiskFull
	}
	f.b = append(f.b, p...)
	return len(p), nil
}

func (f *failingOutput) WriteAt(p []byte, off int64) (int, error) {
	if int(off)+len(p) > len(f.b) {
		return 0, errDiskFull
	}
	return copy(f.b[off:], p), nil
}

func (f *failingOutput) Truncate(n int64) error {
	f.b, f.truncated = f.b[:n], true
	return nil
}

func TestWriteError(t *testing.T) {
	fs := fixture(t, "vp8", "320x240", 5)
	out := &failingOutput{limit: 200_000}
	w, err := New(out, "full.webm", []Track{{Codec: "vp8"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	written := 0
	for _, f := range fs {
		if werr = w.Write(0, f.at, f.key, f.data); werr != nil {
			break
		}
		written++
	}
	switch {
	case werr == nil:
		t.Fatal("no write error: the fixture is smaller than the output's limit")
	case !errors.Is(werr, errDiskFull):
		t.Errorf("Write: %v, want it to wrap the output's error", werr)
	case !out.truncated:
		t.Error("the partial cluster was not cut back")
	}
	if err := w.Write(0, fs[written].at, false, fs[written].data); !errors.Is(err, errDiskFull) {
		t.Errorf("the next Write: %v, want the same error", err)
	}
	if err := w.Close(); !errors.Is(err, errDiskFull) {
		t.Errorf("Close: %v, want the write error", err)
	}
	if want := "write full.webm: "; len(werr.Error()) < len(want) || werr.Error()[:len(want)] != want {
		t.Errorf("error %q does not name the file", werr)
	}
	path := filepath.Join(t.TempDir(), "full.webm")
	if err := os.WriteFile(path, out.b, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode of what was written: %s", msg)
	}
	if n := countFrames(t, path, "v:0"); n == 0 || n > written {
		t.Errorf("%d frames decode, want 1 to %d", n, written)
	}
}

// TestSizeChange writes frames of two encodes of different sizes, as a
// simulcast layer switch does: the file decodes across the change, and
// its header has the first keyframe's size.
func TestSizeChange(t *testing.T) {
	for _, tc := range []struct{ codec, ext string }{{"vp8", ".webm"}, {"vp9", ".webm"}, {"h264", ".mkv"}} {
		t.Run(tc.codec, func(t *testing.T) {
			a := fixture(t, tc.codec, "320x240", 2)
			b := fixture(t, tc.codec, "640x360", 2)
			for i := range b {
				b[i].at += a[len(a)-1].at + frame30
			}
			fs := append(a, b...)
			path := filepath.Join(t.TempDir(), "switch"+tc.ext)
			write(t, path, Track{Codec: tc.codec}, fs)
			if msg := decodeErrors(t, path); msg != "" {
				t.Errorf("ffmpeg decode: %s", msg)
			}
			if n := countFrames(t, path, "v:0"); n != len(fs) {
				t.Errorf("%d frames decode, wrote %d", n, len(fs))
			}
			if got := probe(t, path, "-select_streams", "v:0", "-show_entries", "stream=width,height"); len(got) != 1 || got[0] != "320,240" {
				t.Errorf("header size %q, want 320,240", got)
			}
		})
	}
}

// TestMuxed writes a camera and a microphone into one file, the audio
// arriving in bursts up to 200 ms ahead of or behind the video: the file
// is in time order, both tracks decode, and their times agree.
func TestMuxed(t *testing.T) {
	v := fixture(t, "vp8", "320x240", 4)
	a := fixture(t, "opus", "", 4)
	path := filepath.Join(t.TempDir(), "cam+mic.webm")
	defer goleak.VerifyNone(t)
	w, err := Create(path, []Track{{Codec: "vp8"}, {Codec: "opus"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Arrival order: video as it comes; audio in bursts of 10 packets
	// (200 ms), each burst late.
	ai := 0
	for _, f := range v {
		for ai < len(a) && a[ai].at+200*time.Millisecond <= f.at {
			if err := w.Write(1, a[ai].at, true, a[ai].data); err != nil {
				t.Fatal(err)
			}
			ai++
		}
		if err := w.Write(0, f.at, f.key, f.data); err != nil {
			t.Fatal(err)
		}
	}
	for ; ai < len(a); ai++ {
		if err := w.Write(1, a[ai].at, true, a[ai].data); err != nil {
			t.Fatal(err)
		}
	}
	// What a SIGKILL now would leave: at least 2 s of each track, given
	// the 1 s cluster and the 500 ms ordering delay.
	cp := snapshot(t, path)
	if msg := decodeErrors(t, cp); msg != "" {
		t.Errorf("ffmpeg decode of the unfinished file: %s", msg)
	}
	if nv, na := countFrames(t, cp, "v:0"), countFrames(t, cp, "a:0"); nv < 60 || na < 100 {
		t.Errorf("the unfinished file holds %d video and %d audio frames, want 2 s of each", nv, na)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Blocks != len(v)+len(a) || st.Clamped != 0 || st.Dropped != 0 {
		t.Errorf("stats %+v, want %d blocks, none clamped or dropped", st, len(v)+len(a))
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
	if n := countFrames(t, path, "v:0"); n != len(v) {
		t.Errorf("%d video frames, wrote %d", n, len(v))
	}
	if n := countFrames(t, path, "a:0"); n != len(a) {
		t.Errorf("%d audio frames, wrote %d", n, len(a))
	}
	var all []float64
	for _, l := range probe(t, path, "-show_entries", "packet=pts_time") {
		var x float64
		if _, err := fmtSscan(l, &x); err != nil {
			t.Fatal(err)
		}
		all = append(all, x)
	}
	for i := 1; i < len(all); i++ {
		if all[i] < all[i-1] {
			t.Fatalf("packet %d at %.3f s follows one at %.3f s: not in time order", i, all[i], all[i-1])
		}
	}
	vp, ap := packetTimes(t, path, "v:0"), packetTimes(t, path, "a:0")
	for _, c := range []struct {
		got  float64
		want time.Duration
	}{{vp[0], v[0].at}, {ap[0], a[0].at}, {vp[len(vp)-1], v[len(v)-1].at}, {ap[len(ap)-1], a[len(a)-1].at}} {
		if math.Abs(c.got-c.want.Seconds()) > 0.001 {
			t.Errorf("packet at %.3f s, written at %.3f s", c.got, c.want.Seconds())
		}
	}
}

// TestLate writes an audio packet and a video frame older than blocks
// already written: the audio is dropped, the video written at the time of
// the last block, both counted, and the file stays in time order.
func TestLate(t *testing.T) {
	v := fixture(t, "vp8", "320x240", 2)
	path := filepath.Join(t.TempDir(), "late.webm")
	w, err := Create(path, []Track{{Codec: "vp8"}, {Codec: "opus"}}, Options{Interleave: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	opus := []byte{0xf8, 0xff, 0xfe} // 20 ms of silence
	for i, f := range v {
		if err := w.Write(0, f.at, f.key, f.data); err != nil {
			t.Fatal(err)
		}
		if i == 45 { // at 1.5 s, what is before 1.4 s has been written
			if err := w.Write(1, 500*time.Millisecond, true, opus); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(0, time.Second, true, v[0].data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Clamped != 1 || st.Dropped != 1 || st.Blocks != len(v)+1 {
		t.Errorf("stats %+v, want %d blocks, 1 clamped, 1 dropped", st, len(v)+1)
	}
	pts := packetTimes(t, path, "v:0")
	for i := 1; i < len(pts); i++ {
		if pts[i] < pts[i-1] {
			t.Errorf("packet %d at %.3f s follows one at %.3f s", i, pts[i], pts[i-1])
		}
	}
}

// TestFlush pauses after 2 s and flushes, as a caller with every track
// muted does: the file on disk then holds every frame written.
func TestFlush(t *testing.T) {
	fs := fixture(t, "vp8", "320x240", 2)
	path := filepath.Join(t.TempDir(), "paused.webm")
	w, err := Create(path, []Track{{Codec: "vp8"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, f := range fs {
		if err := w.Write(0, f.at, f.key, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	cp := snapshot(t, path)
	if n := countFrames(t, cp, "v:0"); n != len(fs) {
		t.Errorf("%d frames on disk after Flush, wrote %d", n, len(fs))
	}
	// Writing goes on after a Flush.
	if err := w.Write(0, 3*time.Second, true, fs[0].data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := countFrames(t, path, "v:0"); n != len(fs)+1 {
		t.Errorf("%d frames, wrote %d", n, len(fs)+1)
	}
}
