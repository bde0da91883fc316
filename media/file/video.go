package file

import (
	"fmt"
	"image"
	"io"
	"math"
	"math/bits"
	"os"
	"sync"
	"time"

	"github.com/lkbot/lkbot/media/sourceend"
	"github.com/lkbot/lkbot/media/yuv"
)

// VideoOptions say how a video file plays.
type VideoOptions struct {
	// Loop starts the file again from its first frame after its last.
	Loop bool
	// FPS is the rate the caller captures and publishes at, from 1 to
	// 120, or 0 for lkbot's default. The source picks frames by media
	// time, not by this rate; it is also the rate assumed for a y4m file
	// whose header says F0:0 (unknown).
	FPS int
}

// defaultFPS is the frame rate assumed for a y4m file of unknown rate
// when VideoOptions.FPS is 0.
const defaultFPS = 30

// VideoSource plays a y4m file or a PNG or JPEG still as an
// encode.FrameSource. Its methods are safe for concurrent use.
type VideoSource struct {
	path          string
	loop          bool
	width, height int
	// rateNum/rateDen is the y4m file's frame rate; 0/0 for a still.
	rateNum, rateDen int64

	end sourceend.End

	mu   sync.Mutex
	file io.Closer // the y4m file; nil for stills, once decoded
	y4m  *y4mFrames
	rng  yuv.Range // of frame
	// frame is the picture on show at the file's size. For y4m it is
	// pair[cur], over bufs[cur]; the other buffer receives the next frame
	// before they swap, so that a failed read leaves the last good frame
	// on show.
	frame *image.YCbCr
	pair  [2]*image.YCbCr
	bufs  [2][]byte
	cur   int
	shown int // index of the y4m frame in frame
	// scaled caches frame converted to the size last asked for, so that
	// a frame shown many times is scaled once; version counts changes
	// of frame and scaledVersion is the one scaled holds.
	scaled                 *image.YCbCr
	version, scaledVersion int
	conv                   yuv.Converter
	started                bool
	t0                     time.Time
}

// OpenVideo opens a y4m, PNG or JPEG file. For y4m it reads the header and
// the first frame, so that a file lkbot cannot play fails here; a still is
// decoded once and the file closed. Errors name the file and what is
// wrong.
func OpenVideo(path string, o VideoOptions) (*VideoSource, error) {
	if o.FPS < 0 || o.FPS > 120 {
		return nil, fmt.Errorf("file %q: video at %d fps: the rate must be from 1 to 120, or 0 for the default", path, o.FPS)
	}
	format, err := Detect(path)
	if err != nil {
		return nil, err
	}
	s := &VideoSource{path: path, loop: o.Loop, version: 1}
	switch {
	case format == FormatY4M:
		err = s.openY4M(o.FPS)
	case format == FormatPNG || format == FormatJPEG:
		err = s.openStill(format)
	case format.Encoded():
		err = fmt.Errorf("%w: %s is already encoded; OpenVideo reads raw y4m, png and jpeg", ErrFormat, format)
	default:
		err = fmt.Errorf("%w: %s is not video; OpenVideo reads y4m, png and jpeg", ErrFormat, format)
	}
	if err != nil {
		return nil, named(path, err)
	}
	return s, nil
}

func (s *VideoSource) openY4M(fps int) error {
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	hdr, err := parseY4MHeader(f)
	if err == nil {
		err = s.startY4M(f, hdr, fps)
	}
	if err != nil {
		f.Close()
		return err
	}
	s.file = f
	return nil
}

// startY4M checks that frame 0 can be read, and shows it.
func (s *VideoSource) startY4M(f io.ReaderAt, hdr y4mHeader, fps int) error {
	s.y4m = newY4MFrames(f, hdr)
	s.width, s.height, s.rng = hdr.width, hdr.height, hdr.rng
	s.rateNum, s.rateDen = hdr.rateNum, hdr.rateDen
	if s.rateNum == 0 {
		s.rateNum, s.rateDen = int64(cmp0(fps, defaultFPS)), 1
	}
	for i := range s.bufs {
		s.bufs[i] = make([]byte, hdr.frameSize())
		s.pair[i] = hdr.wrap(s.bufs[i])
	}
	found, err := s.y4m.find(0)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%w: the y4m file has a header but no frames", ErrTruncated)
	}
	s.frame = s.pair[0]
	return s.y4m.read(0, s.bufs[0])
}

func (s *VideoSource) openStill(format Format) error {
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	frame, err := decodeStill(f, format)
	if err != nil {
		return err
	}
	s.frame, s.rng = frame, yuv.Limited
	s.width, s.height = frame.Rect.Dx(), frame.Rect.Dy()
	return nil
}

// cmp0 returns v, or def when v is 0.
func cmp0(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Size returns the file's picture size; Next scales to whatever size its
// destination has.
func (s *VideoSource) Size() (w, h int) { return s.width, s.height }

// FPS returns the y4m file's frame rate, or 0 for a still.
func (s *VideoSource) FPS() float64 {
	if s.rateDen == 0 {
		return 0
	}
	return float64(s.rateNum) / float64(s.rateDen)
}

// Done is closed when a file without Loop has played its last frame, when
// reading the file fails (Err says why), or when the source is closed.
// A still has no end: it is shown until Close.
func (s *VideoSource) Done() <-chan struct{} { return s.end.Done() }

// Err returns why playback stopped early, or nil.
func (s *VideoSource) Err() error { return s.end.Err() }

// Close closes the file and Done. Next keeps showing the last frame.
func (s *VideoSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.end.Finish(nil)
	return closeFile(&s.file)
}

// Next writes the file's frame at capture's media time into dst, scaled
// to dst's size, which must be 4:2:0. The first call's capture is time
// zero; the frame shown is floor((capture − t0) × file rate), however
// often Next is called. Past the end the last frame stays; with Loop the
// file starts again. A read error shows the last good frame, records the
// error and closes Done; Next never panics on a bad file.
func (s *VideoSource) Next(dst *image.YCbCr, _ uint32, capture time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		s.started, s.t0 = true, capture
	}
	if s.y4m != nil && !s.end.Ended() {
		s.advance(mediaIndex(capture.Sub(s.t0), s.rateNum, s.rateDen))
	}
	s.draw(dst)
}

// advance makes frame i of the y4m file (wrapped or held at the end) the
// frame on show.
func (s *VideoSource) advance(i int) {
	found, err := s.y4m.find(i)
	if err != nil {
		s.end.Finish(named(s.path, err))
		return
	}
	if !found {
		n := s.y4m.count
		if s.loop {
			i %= n
		} else {
			i = n - 1
			defer s.end.Finish(nil)
		}
	}
	if i == s.shown {
		return
	}
	next := 1 - s.cur
	if err := s.y4m.read(i, s.bufs[next]); err != nil {
		s.end.Finish(named(s.path, err))
		return
	}
	s.cur, s.frame, s.shown = next, s.pair[next], i
	s.version++
}

// draw writes the frame on show into dst, converting its range and size.
func (s *VideoSource) draw(dst *image.YCbCr) {
	if dst.Rect.Size() == s.frame.Rect.Size() && s.rng == yuv.Limited {
		yuv.Scale(dst, s.frame) // the same size: a copy
		return
	}
	if s.scaled == nil || s.scaled.Rect.Size() != dst.Rect.Size() {
		s.scaled = yuv.NewI420(dst.Rect.Dx(), dst.Rect.Dy())
		s.scaledVersion = 0
	}
	if s.scaledVersion != s.version {
		s.conv.Convert(s.scaled, s.frame, s.rng)
		s.scaledVersion = s.version
	}
	yuv.Scale(dst, s.scaled)
}

// mediaIndex returns floor(elapsed × num/den), the frame of a num/den fps
// file at elapsed media time, without overflow.
func mediaIndex(elapsed time.Duration, num, den int64) int {
	if elapsed <= 0 || num <= 0 || den <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(elapsed), uint64(num))
	div := uint64(den) * uint64(time.Second)
	if hi >= div {
		return math.MaxInt32
	}
	q, _ := bits.Div64(hi, lo, div)
	return int(min(q, math.MaxInt32))
}
