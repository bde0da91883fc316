package camera

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// fakeDevice serves raw frames through the same decoders the V4L2 driver
// uses, so a Source sees the image types a real camera gives it.
type fakeDevice struct {
	props    []prop.Media
	frames   [][]byte      // raw frames in the one format the fake offers
	interval time.Duration // between frames
	// After this many frames the fake either stalls until closed (stall)
	// or fails every read with failErr; 0 means never.
	after   int
	stall   bool
	failErr error

	mu     sync.Mutex
	opened bool
	closes int
	closed chan struct{}
}

func newFake(f frame.Format, w, h int, frames [][]byte) *fakeDevice {
	return &fakeDevice{
		props: []prop.Media{{Video: prop.Video{
			Width: w, Height: h, FrameFormat: f, FrameRate: 30,
		}}},
		frames:   frames,
		interval: 5 * time.Millisecond,
	}
}

func (d *fakeDevice) Open() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.opened {
		return errors.New("fake: already open")
	}
	d.opened = true
	d.closed = make(chan struct{})
	return nil
}

func (d *fakeDevice) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.opened {
		close(d.closed)
		d.opened = false
	}
	d.closes++
	return nil
}

func (d *fakeDevice) Properties() []prop.Media {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.opened {
		return nil // the V4L2 driver needs Open first too
	}
	return d.props
}

func (d *fakeDevice) VideoRecord(p prop.Media) (video.Reader, error) {
	dec, err := frame.NewDecoder(p.FrameFormat)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	closed := d.closed
	d.mu.Unlock()
	n := 0
	var buf []byte
	return video.ReaderFunc(func() (image.Image, func(), error) {
		n++
		if d.after > 0 && n > d.after {
			if d.failErr != nil {
				return nil, func() {}, d.failErr
			}
			<-closed
			return nil, func() {}, io.EOF
		}
		select {
		case <-closed:
			return nil, func() {}, io.EOF
		case <-time.After(d.interval):
		}
		raw := d.frames[(n-1)%len(d.frames)]
		buf = append(buf[:0], raw...) // the driver copies out of mmap too
		return dec.Decode(buf, p.Width, p.Height)
	}), nil
}

func (d *fakeDevice) closeCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.closes
}

// needFFmpeg fails the test when ffmpeg is missing.
func needFFmpeg(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg is not installed: run make testdeps")
	}
}

func ffmpeg(t testing.TB, args ...string) {
	t.Helper()
	needFFmpeg(t)
	args = append([]string{"-hide_banner", "-v", "error", "-y"}, args...)
	if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, out)
	}
}

// rawFrames renders n frames of a lavfi source in pixel format pixFmt and
// splits them.
func rawFrames(t testing.TB, src, pixFmt string, w, h, n int) [][]byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), pixFmt+".raw")
	ffmpeg(t, "-f", "lavfi", "-i", lavfi(src, w, h),
		"-frames:v", fmt.Sprint(n), "-pix_fmt", pixFmt, "-f", "rawvideo", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	size := len(data) / n
	frames := make([][]byte, n)
	for i := range frames {
		frames[i] = data[i*size : (i+1)*size]
	}
	return frames
}

// jpegFrames renders n frames of a lavfi source as the full-range JPEGs a
// UVC camera sends in MJPEG mode.
func jpegFrames(t testing.TB, src string, w, h, n int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	ffmpeg(t, "-f", "lavfi", "-i", lavfi(src, w, h),
		"-frames:v", fmt.Sprint(n), "-pix_fmt", "yuvj420p", "-c:v", "mjpeg", "-q:v", "2",
		filepath.Join(dir, "%03d.jpg"))
	frames := make([][]byte, n)
	for i := range frames {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%03d.jpg", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		frames[i] = b
	}
	return frames
}

// lavfi adds the size and rate to a lavfi source such as "testsrc2" or
// "color=c=white".
func lavfi(src string, w, h int) string {
	sep := "="
	if strings.Contains(src, "=") {
		sep = ":"
	}
	return fmt.Sprintf("%s%ssize=%dx%d:rate=30", src, sep, w, h)
}
