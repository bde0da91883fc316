package file

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/yuv"
)

const frame320x240 = 320 * 240 * 3 / 2

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// at returns the capture time of frame n of a 25 fps file, a little
// after it starts so that rounding cannot pick the frame before.
func at(n int) time.Time {
	return t0.Add(time.Duration(n)*time.Second/25 + time.Millisecond)
}

// frameBytes returns dst's planes, which for a NewI420 frame are packed.
func frameBytes(m *image.YCbCr) []byte {
	return append(append(append([]byte(nil), m.Y...), m.Cb...), m.Cr...)
}

// whichFrame returns the index of the raw frame that got equals, or -1.
func whichFrame(got []byte, raw []byte, size int) int {
	for i := 0; (i+1)*size <= len(raw); i++ {
		if bytes.Equal(got, raw[i*size:][:size]) {
			return i
		}
	}
	return -1
}

func openVideo(t *testing.T, path string, o VideoOptions) *VideoSource {
	t.Helper()
	s, err := OpenVideo(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestY4MMatchesFFmpegDecode(t *testing.T) {
	path, raw := testY4M(t, "1")
	s := openVideo(t, path, VideoOptions{FPS: 30})
	if w, h := s.Size(); w != 320 || h != 240 || s.FPS() != 25 {
		t.Fatalf("Size, FPS = %dx%d, %v; want 320x240, 25", w, h, s.FPS())
	}
	dst := yuv.NewI420(320, 240)
	for _, n := range []int{0, 1, 2, 7, 24} {
		s.Next(dst, 0, at(n))
		if want := raw[n*frame320x240:][:frame320x240]; !bytes.Equal(frameBytes(dst), want) {
			t.Fatalf("frame %d differs from ffmpeg's decode (it matches frame %d)", n, whichFrame(frameBytes(dst), raw, frame320x240))
		}
	}
}

func TestY4MPacedByMediaTime(t *testing.T) {
	path, raw := testY4M(t, "2") // frames 0 to 49
	dst := yuv.NewI420(320, 240)
	shown := func(s *VideoSource, capture time.Time) int {
		s.Next(dst, 12345, capture)
		return whichFrame(frameBytes(dst), raw, frame320x240)
	}
	s := openVideo(t, path, VideoOptions{})
	tests := []struct {
		capture time.Time
		want    int
	}{
		{t0, 0}, {t0, 0}, {t0, 0}, // calls do not advance frames
		{t0.Add(39 * time.Millisecond), 0},
		{t0.Add(40 * time.Millisecond), 1},
		{t0.Add(time.Second), 25},
		{t0.Add(1100 * time.Millisecond), 27}, // frames are skipped, not queued
		{t0.Add(500 * time.Millisecond), 12},  // a capture time may go back
	}
	for _, tt := range tests {
		if got := shown(s, tt.capture); got != tt.want {
			t.Fatalf("at t0+%v: frame %d, want %d", tt.capture.Sub(t0), got, tt.want)
		}
	}
	if isClosed(s.Done(), 0) {
		t.Fatal("Done closed before the end")
	}
	if got := shown(s, t0.Add(10*time.Second)); got != 49 {
		t.Fatalf("past the end: frame %d, want the last, 49", got)
	}
	if !isClosed(s.Done(), time.Second) || s.Err() != nil {
		t.Fatalf("past the end: Done closed %v, Err %v; want closed and nil", isClosed(s.Done(), 0), s.Err())
	}
	if got := shown(s, t0.Add(11*time.Second)); got != 49 {
		t.Fatalf("after the end: frame %d, want the last, 49", got)
	}

	loop := openVideo(t, path, VideoOptions{Loop: true})
	for _, tt := range []struct {
		capture time.Duration
		want    int
	}{{0, 0}, {1960 * time.Millisecond, 49}, {2 * time.Second, 0}, {2200 * time.Millisecond, 5}, {time.Hour + 40*time.Millisecond, 1}, {0, 0}} {
		if got := shown(loop, t0.Add(tt.capture)); got != tt.want {
			t.Fatalf("looping, at t0+%v: frame %d, want %d", tt.capture, got, tt.want)
		}
	}
	if isClosed(loop.Done(), 0) {
		t.Fatal("Done closed on a looping file")
	}
}

func TestY4MScalesToDestination(t *testing.T) {
	path, raw := testY4M(t, "0.2")
	s := openVideo(t, path, VideoOptions{})
	got := yuv.NewI420(160, 120)
	for _, n := range []int{0, 0, 3, 3, 4} {
		f := raw[n*frame320x240:]
		src := yuv.NewI420(320, 240)
		copy(src.Y, f[:320*240])
		copy(src.Cb, f[320*240:][:160*120])
		copy(src.Cr, f[320*240+160*120:][:160*120])
		want := yuv.NewI420(160, 120)
		yuv.Scale(want, src)
		s.Next(got, 0, at(n)) // the second time from the cache
		if !bytes.Equal(frameBytes(got), frameBytes(want)) {
			t.Fatalf("frame %d at 160x120 is not the file's frame scaled by yuv.Scale", n)
		}
	}
}

// y4mFile builds a y4m stream by hand: header parameters, then frames of
// w×h filled with the given luma, each after its FRAME line.
func y4mFile(params string, w, h int, frameLines []string, luma []byte) []byte {
	b := []byte("YUV4MPEG2 " + params + "\n")
	size := w * h
	csize := ((w + 1) / 2) * ((h + 1) / 2)
	for i, l := range frameLines {
		b = append(b, l...)
		b = append(b, bytes.Repeat([]byte{luma[i]}, size)...)
		b = append(b, bytes.Repeat([]byte{128}, 2*csize)...)
	}
	return b
}

func TestY4MFrameParametersAndOddSize(t *testing.T) {
	lines := []string{"FRAME\n", "FRAME Ip XFOO=bar\n", "FRAME\n"}
	path := writeFile(t, "odd.y4m", y4mFile("W5 H3 F10:1 Ip A1:1 C420mpeg2 XYSCSS=420MPEG2", 5, 3, lines, []byte{50, 100, 150}))
	s := openVideo(t, path, VideoOptions{})
	dst := yuv.NewI420(5, 3)
	for i, want := range []byte{50, 100, 150} {
		s.Next(dst, 0, t0.Add(time.Duration(i)*100*time.Millisecond+time.Millisecond))
		if dst.Y[0] != want || dst.Y[14] != want || dst.Cb[5] != 128 {
			t.Fatalf("frame %d: Y %d, Cb %d; want %d, 128", i, dst.Y[0], dst.Cb[5], want)
		}
	}
}

func TestY4MFullRange(t *testing.T) {
	path := writeFile(t, "full.y4m", y4mFile("W4 H4 F25:1 C420jpeg XCOLORRANGE=FULL", 4, 4, []string{"FRAME\n"}, []byte{0}))
	s := openVideo(t, path, VideoOptions{})
	dst := yuv.NewI420(4, 4)
	s.Next(dst, 0, t0)
	if dst.Y[0] != 16 {
		t.Fatalf("full-range black shows as Y %d, want 16", dst.Y[0])
	}
}

func TestY4MUnknownRateUsesFPS(t *testing.T) {
	path := writeFile(t, "rate.y4m", y4mFile("W2 H2 F0:0", 2, 2, []string{"FRAME\n", "FRAME\n"}, []byte{20, 40}))
	s := openVideo(t, path, VideoOptions{FPS: 10})
	dst := yuv.NewI420(2, 2)
	s.Next(dst, 0, t0)
	s.Next(dst, 0, t0.Add(100*time.Millisecond))
	if s.FPS() != 10 || dst.Y[0] != 40 {
		t.Fatalf("FPS %v, frame at 100 ms has Y %d; want 10 and 40", s.FPS(), dst.Y[0])
	}
}

func TestY4MTruncatedMidFile(t *testing.T) {
	path, raw := testY4M(t, "0.4") // 10 frames
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hdrLen := bytes.IndexByte(b, '\n') + 1
	cut := hdrLen + 3*(6+frame320x240) + 6 + 1000 // 1000 bytes into frame 3
	path = writeFile(t, "cut.y4m", b[:cut])
	s := openVideo(t, path, VideoOptions{})
	dst := yuv.NewI420(320, 240)
	s.Next(dst, 0, at(0))
	s.Next(dst, 0, at(2))
	s.Next(dst, 0, at(3))
	if !isClosed(s.Done(), time.Second) {
		t.Fatal("Done not closed after a truncated frame")
	}
	err = s.Err()
	want := fmt.Sprintf("file %q: truncated: frame 3 has 1000 of %d bytes", path, frame320x240)
	if !errors.Is(err, ErrTruncated) || err.Error() != want {
		t.Fatalf("Err = %v, want %s", err, want)
	}
	if whichFrame(frameBytes(dst), raw, frame320x240) != 2 {
		t.Fatal("after the error the last good frame, 2, is not shown")
	}
}

func TestOpenVideoErrors(t *testing.T) {
	dir := t.TempDir()
	good := y4mFile("W4 H4 F25:1", 4, 4, []string{"FRAME\n"}, []byte{0})
	wav := ffmpeg(t, dir, "a.wav", "-f", "lavfi", "-i", "sine", "-t", "0.1")
	c444 := ffmpeg(t, dir, "c444.y4m", "-f", "lavfi", "-i", "testsrc2=size=64x64", "-t", "0.1", "-pix_fmt", "yuv444p")
	tests := []struct {
		name string
		path string
		want error
		says string
	}{
		{"wrong magic", writeFile(t, "x.y4m", []byte("\x7fELF not a video")), ErrFormat, "starts with 7f454c46"},
		{"empty", writeFile(t, "e.y4m", nil), ErrFormat, "empty"},
		{"wav", wav, ErrFormat, "wav is not video"},
		{"ivf", writeFile(t, "v.ivf", []byte("DKIF\x00\x00\x20\x00VP80")), ErrFormat, "already encoded"},
		{"chroma 444", c444, ErrUnsupported, "y4m chroma C444"},
		{"chroma mono", writeFile(t, "m.y4m", []byte("YUV4MPEG2 W4 H4 Cmono\nFRAME\n")), ErrUnsupported, "Cmono"},
		{"header cut", writeFile(t, "h.y4m", []byte("YUV4MPEG2 W4 H4")), ErrTruncated, "without a newline"},
		{"no frames", writeFile(t, "n.y4m", []byte("YUV4MPEG2 W4 H4 F25:1\n")), ErrTruncated, "no frames"},
		{"first frame cut", writeFile(t, "c.y4m", good[:len(good)-3]), ErrTruncated, "frame 0 has 21 of 24 bytes"},
		{"not FRAME", writeFile(t, "f.y4m", []byte("YUV4MPEG2 W4 H4 F25:1\nFRAMEX\n")), ErrFormat, "not FRAME"},
		{"no width", writeFile(t, "w.y4m", []byte("YUV4MPEG2 H4 F25:1\nFRAME\n")), ErrFormat, "no W"},
		{"bad rate", writeFile(t, "r.y4m", []byte("YUV4MPEG2 W4 H4 F25\nFRAME\n")), ErrFormat, "F25"},
		{"huge", writeFile(t, "b.y4m", []byte("YUV4MPEG2 W100000 H4\nFRAME\n")), ErrUnsupported, "100000x4"},
		{"bad png", writeFile(t, "p.png", append(append([]byte{}, pngMagic...), "junk"...)), ErrFormat, "png"},
		{"cut jpeg", writeFile(t, "j.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'}), ErrFormat, "jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenVideo(tt.path, VideoOptions{})
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			msg := err.Error()
			if !errors.Is(err, tt.want) || !strings.Contains(msg, tt.says) ||
				!strings.HasPrefix(msg, fmt.Sprintf("file %q: ", tt.path)) || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want one line naming the file, wrapping %v, saying %q", msg, tt.want, tt.says)
			}
		})
	}
	if _, err := OpenVideo(writeFile(t, "ok.y4m", good), VideoOptions{FPS: 500}); err == nil {
		t.Fatal("FPS 500 accepted")
	}
	if _, err := OpenVideo(dir+"/missing.y4m", VideoOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestStills(t *testing.T) {
	dir := t.TempDir()
	src := []string{"-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1"}
	for _, tt := range []struct {
		name, ext string
		args      []string
		// Tolerances against ffmpeg's own conversion to yuv420p: the
		// greatest luma and chroma difference (swscale filters chroma
		// differently from a 2x2 mean, which shows at sharp colour
		// edges); the mean chroma difference must stay under 1.
		maxY, maxC int
	}{
		{"png", "png", nil, 1, 20},
		{"jpeg", "jpg", []string{"-q:v", "2"}, 2, 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := ffmpeg(t, dir, "still."+tt.ext, append(append([]string{}, src...), tt.args...)...)
			rawPath := ffmpeg(t, dir, tt.name+".yuv", "-i", path, "-f", "rawvideo", "-pix_fmt", "yuv420p")
			raw, err := os.ReadFile(rawPath)
			if err != nil {
				t.Fatal(err)
			}
			s := openVideo(t, path, VideoOptions{FPS: 15})
			if w, h := s.Size(); w != 320 || h != 240 || s.FPS() != 0 {
				t.Fatalf("Size, FPS = %dx%d, %v; want 320x240, 0", w, h, s.FPS())
			}
			dst := yuv.NewI420(320, 240)
			s.Next(dst, 0, t0)
			compareFrames(t, frameBytes(dst), raw, 320*240, tt.maxY, tt.maxC)
			s.Next(dst, 0, t0.Add(time.Hour))
			compareFrames(t, frameBytes(dst), raw, 320*240, tt.maxY, tt.maxC)
			if isClosed(s.Done(), 0) {
				t.Fatal("a still's Done closed before Close")
			}
			small := yuv.NewI420(64, 48)
			s.Next(small, 0, t0)
			if err := s.Close(); err != nil || !isClosed(s.Done(), 0) || s.Err() != nil {
				t.Fatalf("Close: %v, Done closed %v, Err %v", err, isClosed(s.Done(), 0), s.Err())
			}
		})
	}
}

// compareFrames checks got against want, I420 with ySize luma bytes.
func compareFrames(t *testing.T, got, want []byte, ySize, maxY, maxC int) {
	t.Helper()
	worstY, worstC, sumC := 0, 0, 0
	for i := range got {
		d := int(got[i]) - int(want[i])
		d = max(d, -d)
		if i < ySize {
			worstY = max(worstY, d)
		} else {
			worstC = max(worstC, d)
			sumC += d
		}
	}
	meanC := float64(sumC) / float64(len(got)-ySize)
	t.Logf("largest luma difference %d, chroma %d, mean chroma %.2f", worstY, worstC, meanC)
	if worstY > maxY || worstC > maxC || meanC > 1 {
		t.Fatalf("differs from ffmpeg: luma by up to %d (want <= %d), chroma by up to %d (want <= %d), mean chroma %.2f (want <= 1)",
			worstY, maxY, worstC, maxC, meanC)
	}
}

func BenchmarkY4M720p30(b *testing.B) {
	dir := b.TempDir()
	path := ffmpeg(b, dir, "720p.y4m", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "2", "-pix_fmt", "yuv420p")
	s, err := OpenVideo(path, VideoOptions{Loop: true, FPS: 30})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	dst := yuv.NewI420(1280, 720)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		// Every call is a new frame, read from the file.
		s.Next(dst, uint32(n), t0.Add(time.Duration(n)*time.Second/30+time.Millisecond))
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

func TestStillsOfEveryPNGKindAndOddSize(t *testing.T) {
	red := color.NRGBA{255, 0, 0, 255}
	pal := image.NewPaletted(image.Rect(0, 0, 5, 3), color.Palette{red})
	gray := image.NewGray(image.Rect(0, 0, 7, 5))
	for i := range gray.Pix {
		gray.Pix[i] = 255
	}
	clear := image.NewNRGBA(image.Rect(0, 0, 3, 3)) // fully transparent: black
	rgba64 := image.NewRGBA64(image.Rect(0, 0, 4, 2))
	for y := range 2 {
		for x := range 4 {
			rgba64.Set(x, y, red)
		}
	}
	type yuvColour struct{ y, cb, cr byte }
	redYUV := yuvColour{81, 90, 240} // 16 + 65.481
	for _, tt := range []struct {
		name string
		img  image.Image
		want yuvColour
	}{
		{"paletted", pal, redYUV},
		{"gray", gray, yuvColour{235, 128, 128}},
		{"transparent", clear, yuvColour{16, 128, 128}},
		{"16-bit", rgba64, redYUV},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := png.Encode(&buf, tt.img); err != nil {
				t.Fatal(err)
			}
			s := openVideo(t, writeFile(t, "p.png", buf.Bytes()), VideoOptions{})
			b := tt.img.Bounds()
			if w, h := s.Size(); w != b.Dx() || h != b.Dy() {
				t.Fatalf("Size %dx%d, want %dx%d", w, h, b.Dx(), b.Dy())
			}
			dst := yuv.NewI420(6, 4)
			s.Next(dst, 0, t0)
			if got := (yuvColour{dst.Y[0], dst.Cb[0], dst.Cr[0]}); got != tt.want {
				t.Fatalf("YCbCr %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGrayJPEG(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 16, 16))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, nil); err != nil {
		t.Fatal(err)
	}
	s := openVideo(t, writeFile(t, "g.jpg", buf.Bytes()), VideoOptions{})
	dst := yuv.NewI420(16, 16)
	s.Next(dst, 0, t0)
	if dst.Y[0] != 16 || dst.Cr[0] != 128 {
		t.Fatalf("black JPEG gives Y %d, Cr %d; want 16, 128", dst.Y[0], dst.Cr[0])
	}
}

func TestNextAllocatesNothing(t *testing.T) {
	path, _ := testY4M(t, "0.4")
	s := openVideo(t, path, VideoOptions{Loop: true})
	dst, small := yuv.NewI420(320, 240), yuv.NewI420(160, 120)
	n := 0
	next := func(d *image.YCbCr) func() {
		return func() {
			s.Next(d, 0, at(n%10))
			n++
		}
	}
	for range 12 { // find every frame, and make the scaled cache
		next(dst)()
		next(small)()
	}
	if a := testing.AllocsPerRun(20, next(dst)); a != 0 {
		t.Errorf("Next at the file's size: %v allocations, want 0", a)
	}
	if a := testing.AllocsPerRun(20, next(small)); a != 0 {
		t.Errorf("Next scaled: %v allocations, want 0", a)
	}
}

func TestStillTooLarge(t *testing.T) {
	// A PNG header claiming 9000x9000 is refused before decoding.
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 9000, 1))); err != nil {
		t.Fatal(err)
	}
	_, err := OpenVideo(writeFile(t, "wide.png", buf.Bytes()), VideoOptions{})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "9000x1") {
		t.Fatalf("error %v, want ErrUnsupported naming 9000x1", err)
	}
}
