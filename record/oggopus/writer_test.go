package oggopus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const packet20 = 20 * time.Millisecond

func write(t *testing.T, path string, ps []packet) Stats {
	t.Helper()
	w, err := Create(path, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if err := w.Write(p.at, p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Stats()
}

func TestWrite(t *testing.T) {
	defer goleak.VerifyNone(t)
	ps := fixture(t, 5)
	path := filepath.Join(t.TempDir(), "out.ogg")
	st := write(t, path, ps)
	if st.Packets != len(ps) || st.Silent != 0 || st.Dropped != 0 || st.Clamped != 0 {
		t.Errorf("stats %+v, want %d packets and nothing else", st, len(ps))
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
	if n := countFrames(t, path); n != len(ps) {
		t.Errorf("%d packets decode, wrote %d", n, len(ps))
	}
	span := ps[len(ps)-1].at + packet20
	if d := probeFloat(t, path, "-show_entries", "format=duration"); math.Abs(d-span.Seconds()) > 0.021 {
		t.Errorf("duration %.3f s, want %.3f s", d, span.Seconds())
	}
	if st.Duration != span {
		t.Errorf("Stats.Duration %v, want %v", st.Duration, span)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if last := lastPage(b); last[5]&0x04 == 0 {
		t.Error("the last page is not marked end of stream")
	}
}

// lastPage finds the last "OggS" page header of b.
func lastPage(b []byte) []byte {
	return b[bytes.LastIndex(b, []byte("OggS")):]
}

// TestGap mutes from 2 s to 5 s: the gap is filled with silence, so the
// packets after it are 3 s later and the duration is 3 s longer.
func TestGap(t *testing.T) {
	ps := fixture(t, 4)
	for i := 100; i < len(ps); i++ {
		ps[i].at += 3 * time.Second
	}
	path := filepath.Join(t.TempDir(), "gap.ogg")
	st := write(t, path, ps)
	if st.Silent != 150 {
		t.Errorf("%d silent packets, want 150 (3 s)", st.Silent)
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
	pts := packetTimes(t, path)
	if len(pts) != len(ps)+150 {
		t.Fatalf("%d packets, want %d", len(pts), len(ps)+150)
	}
	if got, want := pts[100+150], ps[100].at.Seconds(); math.Abs(got-want) > 0.001 {
		t.Errorf("the first packet after the gap at %.3f s, want %.3f s", got, want)
	}
	if d := probeFloat(t, path, "-show_entries", "format=duration"); math.Abs(d-7) > 0.021 {
		t.Errorf("duration %.3f s, want 7 s", d)
	}
}

// TestLateStart starts the audio 1.25 s into the file, as a microphone
// unmuted after the recording began does.
func TestLateStart(t *testing.T) {
	ps := fixture(t, 2)
	for i := range ps {
		ps[i].at += 1250 * time.Millisecond
	}
	path := filepath.Join(t.TempDir(), "late.ogg")
	write(t, path, ps)
	pts := packetTimes(t, path)
	if got := pts[len(pts)-len(ps)]; math.Abs(got-1.25) > 0.001 {
		t.Errorf("the first packet at %.3f s, want 1.25 s", got)
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
}

// TestUnfinished copies the file of a writer that was never closed: it
// decodes and holds at least 4 of the 5 s written.
func TestUnfinished(t *testing.T) {
	ps := fixture(t, 5)
	path := filepath.Join(t.TempDir(), "live.ogg")
	w, err := Create(path, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, p := range ps {
		if err := w.Write(p.at, p.data); err != nil {
			t.Fatal(err)
		}
	}
	cp := snapshot(t, path)
	if msg := decodeErrors(t, cp); msg != "" {
		t.Errorf("ffmpeg decode of the unfinished file: %s", msg)
	}
	if n := countFrames(t, cp); n < 200 {
		t.Errorf("the unfinished file holds %d packets, want at least 200 (4 s)", n)
	}
}

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

func (f *failingOutput) Truncate(n int64) error {
	f.b, f.truncated = f.b[:n], true
	return nil
}

func TestWriteError(t *testing.T) {
	ps := fixture(t, 5)
	out := &failingOutput{limit: 20_000}
	w, err := New(out, "full.ogg", 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	for _, p := range ps {
		if werr = w.Write(p.at, p.data); werr != nil {
			break
		}
	}
	if !errors.Is(werr, errDiskFull) || !out.truncated {
		t.Fatalf("Write: %v (truncated %v), want the output's error and the page cut back", werr, out.truncated)
	}
	if want := "write full.ogg: "; !bytes.HasPrefix([]byte(werr.Error()), []byte(want)) {
		t.Errorf("error %q does not name the file", werr)
	}
	if err := w.Write(ps[0].at, ps[0].data); !errors.Is(err, errDiskFull) {
		t.Errorf("the next Write: %v, want the same error", err)
	}
	if err := w.Close(); !errors.Is(err, errDiskFull) {
		t.Errorf("Close: %v, want the write error", err)
	}
	path := filepath.Join(t.TempDir(), "full.ogg")
	if err := os.WriteFile(path, out.b, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := decodeErrors(t, path); msg != "" {
		t.Errorf("ffmpeg decode of what was written: %s", msg)
	}
	if n := countFrames(t, path); n == 0 {
		t.Error("nothing decodes")
	}
}

func TestErrors(t *testing.T) {
	if _, err := Create(filepath.Join(t.TempDir(), "x.ogg"), 3, Options{}); !errors.Is(err, ErrChannels) {
		t.Errorf("3 channels: %v, want ErrChannels", err)
	}
	w, err := Create(filepath.Join(t.TempDir(), "y.ogg"), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(0, nil); err != nil {
		t.Errorf("an empty packet: %v, want it dropped", err)
	}
	if st := w.Stats(); st.Dropped != 1 {
		t.Errorf("stats %+v, want 1 dropped", st)
	}
	// Times past 53 h, where at*48000 overflows int64 nanoseconds.
	for _, at := range []time.Duration{time.Millisecond, 60 * time.Hour, 10000*time.Hour + 20*time.Millisecond} {
		if got := duration(position(at)); got != at {
			t.Errorf("%v is %d samples, back %v", at, position(at), got)
		}
	}
	if err := w.Write(25*time.Hour, []byte{0xf8, 0xff, 0xfe}); !errors.Is(err, ErrGap) {
		t.Errorf("a packet 25 h in: %v, want ErrGap", err)
	}
	if err := w.Write(0, []byte{0xf8, 0xff, 0xfe}); err != nil {
		t.Errorf("Write after ErrGap: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if msg := decodeErrors(t, filepath.Join(filepath.Dir(w.name), "y.ogg")); msg != "" {
		t.Errorf("ffmpeg decode of a file with no packet: %s", msg)
	}
	if err := w.Write(0, []byte{0xf8, 0xff, 0xfe}); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
}

// TestCRC recomputes the checksum of every page ffmpeg wrote.
func TestCRC(t *testing.T) {
	b, err := os.ReadFile(fixtureFile(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for len(b) >= 27 {
		n := 27 + int(b[26])
		for _, l := range b[27:n] {
			n += int(l)
		}
		page := append([]byte(nil), b[:n]...)
		want := binary.LittleEndian.Uint32(page[22:])
		copy(page[22:], []byte{0, 0, 0, 0})
		if got := crc(page); got != want {
			t.Fatalf("page %d: crc %08x, ffmpeg wrote %08x", pages, got, want)
		}
		b = b[n:]
		pages++
	}
	if pages < 3 {
		t.Errorf("%d pages checked", pages)
	}
}

// TestFlush flushes after 2 s, as a caller with a muted track does: the
// file on disk then holds every packet written.
func TestFlush(t *testing.T) {
	ps := fixture(t, 2)
	path := filepath.Join(t.TempDir(), "paused.ogg")
	w, err := Create(path, 2, Options{Sync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, p := range ps {
		if err := w.Write(p.at, p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	cp := snapshot(t, path)
	if n := countFrames(t, cp); n != len(ps) {
		t.Errorf("%d packets on disk after Flush, wrote %d", n, len(ps))
	}
	if msg := decodeErrors(t, cp); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
}
