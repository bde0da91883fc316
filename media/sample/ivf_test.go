package sample

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestIVF(t *testing.T) {
	for _, tc := range []struct{ codec, encoder string }{
		{"vp8", "libvpx"},
		{"vp9", "libvpx-vp9"},
	} {
		t.Run(tc.codec, func(t *testing.T) {
			args := append(testsrc("2"), "-c:v", tc.encoder, "-g", "30")
			if tc.codec == "vp9" {
				args = append(args, "-deadline", "realtime", "-cpu-used", "8")
			}
			path := encode(t, "x.ivf", args...)
			f := mustOpen(t, path, Options{})
			if f.Codec() != tc.codec || f.Kind() != "video" {
				t.Errorf("codec %q kind %q, want %q video", f.Codec(), f.Kind(), tc.codec)
			}
			if w, h := f.Size(); w != 320 || h != 240 {
				t.Errorf("size %dx%d, want 320x240", w, h)
			}
			if f.Len() != 60 {
				t.Errorf("%d frames, want 60", f.Len())
			}
			if d := f.Duration(); d < 2*time.Second-time.Millisecond || d > 2*time.Second+time.Millisecond {
				t.Errorf("duration %v, want 2s", d)
			}
			if fps := f.FPS(); fps < 29.99 || fps > 30.01 {
				t.Errorf("fps %v, want 30", fps)
			}
			want := probeKeyframes(t, path)
			if len(want) != f.Len() {
				t.Fatalf("ffprobe shows %d frames, index has %d", len(want), f.Len())
			}
			for i, key := range want {
				s, err := f.ReadSample(i, nil)
				if err != nil {
					t.Fatal(err)
				}
				if s.Key != key {
					t.Errorf("frame %d: key %v, ffprobe says %v", i, s.Key, key)
				}
				if s.Duration < 33*time.Millisecond || s.Duration > 34*time.Millisecond {
					t.Errorf("frame %d lasts %v", i, s.Duration)
				}
			}
		})
	}
}

// TestIVFDurations checks that durations come from pts steps in the
// header's timebase, not from a frame rate guessed from it.
func TestIVFDurations(t *testing.T) {
	for _, tc := range []struct {
		name        string
		rate, scale uint32
		pts         []uint64
		want        []time.Duration
	}{
		{"ms timebase", 1000, 1, []uint64{0, 33, 67, 100}, []time.Duration{33, 34, 33, 33}},
		{"frame timebase", 30, 1, []uint64{0, 1, 2}, []time.Duration{33333333, 33333334, 33333334}},
		{"90 kHz with a gap", 90000, 1, []uint64{0, 3000, 9000}, []time.Duration{33333333, 66666667, 66666667}},
		{"one frame at 25 fps", 25, 1, []uint64{0}, []time.Duration{40}},
		{"one frame, fine timebase", 1000, 1, []uint64{5}, []time.Duration{33333333}},
		{"repeated pts", 30, 1, []uint64{0, 0, 1}, []time.Duration{33333333, 33333333, 33333333}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frames := [][]byte{vp8Key}
			for len(frames) < len(tc.pts) {
				frames = append(frames, vp8Delta)
			}
			data := ivfBytes("VP80", tc.rate, tc.scale, tc.pts, frames)
			idx, err := parse(bytes.NewReader(data), int64(len(data)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range idx.entries {
				want := tc.want[i]
				if want < 1000 {
					want *= time.Millisecond
				}
				if e.dur != want {
					t.Errorf("frame %d lasts %v, want %v", i, e.dur, want)
				}
			}
		})
	}
}

// cutFirstFrame drops frame 0 of an IVF file and fixes the frame count.
func cutFirstFrame(t *testing.T, data []byte) []byte {
	t.Helper()
	first := ivfHeaderLen + ivfFrameHeaderLen + int(binary.LittleEndian.Uint32(data[ivfHeaderLen:]))
	out := append([]byte(nil), data[:ivfHeaderLen]...)
	binary.LittleEndian.PutUint32(out[24:], binary.LittleEndian.Uint32(out[24:])-1)
	return append(out, data[first:]...)
}

func TestIVFRefused(t *testing.T) {
	path := encode(t, "x.ivf", append(testsrc("0.5"), "-c:v", "libvpx", "-g", "30")...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	av1 := append([]byte(nil), data...)
	copy(av1[8:], "AV01")
	zeroRate := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(zeroRate[16:], 0)
	for _, tc := range []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"no keyframe first", cutFirstFrame(t, data), ErrNoKeyframe, "does not start with a keyframe"},
		{"cut in a frame", data[:len(data)-10], ErrTruncated, "frame 14 needs"},
		{"cut in a frame header", data[:ivfHeaderLen+5], ErrTruncated, "frame 0 header"},
		{"cut in the file header", data[:20], ErrTruncated, "IVF header"},
		{"header only", data[:ivfHeaderLen], ErrTruncated, "no frames"},
		{"AV1", av1, ErrUnsupportedCodec, `"AV01"`},
		{"zero timebase", zeroRate, ErrFormat, "timebase"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "cut.ivf", tc.data)
			f, err := Open(p, Options{})
			if err == nil {
				f.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %q, want %v mentioning %q and the file", err, tc.want, tc.text)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
		})
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrTruncated},
		{"text", []byte("hello, world\n"), ErrFormat},
		{"short", []byte("DK"), ErrFormat},
		{"mp4", []byte("\x00\x00\x00\x20ftypisom"), ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "x.bin", tc.data)
			_, err := Open(p, Options{})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %v, want %v naming the file", err, tc.want)
			}
		})
	}
	if _, err := Open("/nonexistent/x.ivf", Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
