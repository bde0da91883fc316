package sample

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// encode runs ffmpeg with args and writes name in a fresh temporary
// directory. Missing encoders fail the test, except libx264, whose absence
// skips it (some ffmpeg builds leave it out for licensing reasons).
func encode(t testing.TB, name string, args ...string) string {
	t.Helper()
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Fatal("ffmpeg not found: run `make testdeps`")
	}
	for i, a := range args {
		if a != "-c:v" && a != "-c:a" || i+1 >= len(args) {
			continue
		}
		enc := args[i+1]
		out, err := exec.Command(ffmpeg, "-hide_banner", "-encoders").Output()
		switch {
		case err != nil:
			t.Fatalf("ffmpeg -encoders: %v", err)
		case strings.Contains(string(out), " "+enc+" "):
		case enc == "libx264":
			t.Skip("this ffmpeg has no libx264 encoder; H.264 fixtures need it")
		default:
			t.Fatalf("this ffmpeg has no %s encoder: run `make testdeps`", enc)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	cmd := exec.Command(ffmpeg, append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), path)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return path
}

// testsrc is ffmpeg's input for seconds of 320x240 video at 30 fps.
func testsrc(seconds string) []string {
	return []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", seconds}
}

// probe runs ffprobe and returns its output, one value a line.
func probe(t testing.TB, path string, args ...string) []string {
	t.Helper()
	out, err := exec.Command("ffprobe", append([]string{"-v", "error", "-of", "csv=p=0"}, append(args, path)...)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l = strings.Trim(strings.TrimSpace(l), ","); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// probeKeyframes returns ffprobe's key_frame flag of every video frame.
func probeKeyframes(t testing.TB, path string) []bool {
	t.Helper()
	var keys []bool
	for _, l := range probe(t, path, "-select_streams", "v", "-show_frames", "-show_entries", "frame=key_frame") {
		// Side data may follow the flag on its line.
		switch flag, _, _ := strings.Cut(l, ","); flag {
		case "0", "1":
			keys = append(keys, flag == "1")
		}
	}
	return keys
}

// probeFrameCount returns the number of video frames ffprobe decodes.
func probeFrameCount(t testing.TB, path string) int {
	t.Helper()
	lines := probe(t, path, "-select_streams", "v", "-count_frames", "-show_entries", "stream=nb_read_frames")
	if len(lines) != 1 {
		t.Fatalf("ffprobe frame count: %q", lines)
	}
	n, err := strconv.Atoi(lines[0])
	if err != nil {
		t.Fatalf("ffprobe frame count %q: %v", lines[0], err)
	}
	return n
}

func mustOpen(t testing.TB, path string, o Options) *File {
	t.Helper()
	f, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ivfBytes builds an IVF file with the given timebase and frames.
func ivfBytes(fourcc string, rate, scale uint32, pts []uint64, frames [][]byte) []byte {
	var b bytes.Buffer
	h := make([]byte, ivfHeaderLen)
	copy(h, "DKIF")
	binary.LittleEndian.PutUint16(h[6:], ivfHeaderLen)
	copy(h[8:], fourcc)
	binary.LittleEndian.PutUint16(h[12:], 64)
	binary.LittleEndian.PutUint16(h[14:], 48)
	binary.LittleEndian.PutUint32(h[16:], rate)
	binary.LittleEndian.PutUint32(h[20:], scale)
	binary.LittleEndian.PutUint32(h[24:], uint32(len(frames)))
	b.Write(h)
	for i, f := range frames {
		var fh [ivfFrameHeaderLen]byte
		binary.LittleEndian.PutUint32(fh[:], uint32(len(f)))
		binary.LittleEndian.PutUint64(fh[4:], pts[i])
		b.Write(fh[:])
		b.Write(f)
	}
	return b.Bytes()
}

// vp8Key and vp8Delta are the first bytes of VP8 frames.
var (
	vp8Key   = []byte{0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x00, 0x30, 0x00, 0xaa}
	vp8Delta = []byte{0x31, 0x02, 0x00, 0xaa, 0xbb}
)

// oggPage builds one Ogg page from lacing values and body.
func oggPage(flags byte, serial, seq uint32, lacing []byte, body []byte) []byte {
	h := make([]byte, oggHeaderLen, oggHeaderLen+len(lacing)+len(body))
	copy(h, "OggS")
	h[5] = flags
	binary.LittleEndian.PutUint32(h[14:], serial)
	binary.LittleEndian.PutUint32(h[18:], seq)
	h[26] = byte(len(lacing))
	h = append(h, lacing...)
	return append(h, body...)
}

// lace returns the lacing values of one whole packet of n bytes.
func lace(n int) []byte {
	l := bytes.Repeat([]byte{255}, n/255)
	return append(l, byte(n%255))
}

// opusHead is a stereo OpusHead with mapping family 0.
func opusHead() []byte {
	return []byte("OpusHead\x01\x02\x38\x01\x80\xbb\x00\x00\x00\x00\x00")
}

// oggOpus builds an Ogg/Opus stream whose audio packets each fit a page.
func oggOpus(packets ...[]byte) []byte {
	head, tags := opusHead(), []byte("OpusTags\x00\x00\x00\x00\x00\x00\x00\x00")
	out := oggPage(oggFirst, 7, 0, lace(len(head)), head)
	out = append(out, oggPage(0, 7, 1, lace(len(tags)), tags)...)
	for i, p := range packets {
		out = append(out, oggPage(0, 7, uint32(2+i), lace(len(p)), p)...)
	}
	return out
}

// annexB joins NAL units with 4-byte start codes.
func annexB(nals ...[]byte) []byte {
	var b []byte
	for _, n := range nals {
		b = append(append(b, 0, 0, 0, 1), n...)
	}
	return b
}
