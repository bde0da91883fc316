package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/lkbot/lkbot/media/device/frameslot"
	"github.com/lkbot/lkbot/media/sourceend"
	"github.com/lkbot/lkbot/media/yuv"
)

// DefaultReadTimeout is how long a camera may go without a frame before
// its Source ends.
const DefaultReadTimeout = 5 * time.Second

// retryPause spaces reads after an error worth retrying (a bad frame), so
// that a camera failing at once does not spin a core.
const retryPause = 10 * time.Millisecond

// Options say which mode to ask the camera for; Choose picks the nearest
// it offers. Zero values take the defaults.
type Options struct {
	Width, Height int
	FPS           int
	// ReadTimeout ends the Source when no frame arrives for this long.
	ReadTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if o.FPS <= 0 {
		o.FPS = DefaultFPS
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	return o
}

// Source captures a camera; it is an encode.FrameSource. Open or
// OpenDevice start it and Close stops it.
type Source struct {
	label   string
	dev     Device
	format  prop.Media
	timeout time.Duration
	latest  frameslot.Slot
	// lastRead is when the last frame arrived (or the capture started),
	// in Unix ns, for the read timeout.
	lastRead atomic.Int64

	ctx         context.Context
	cancel      context.CancelFunc
	wg          sync.WaitGroup
	closeDevice func() error

	end sourceend.End
}

// Open starts capturing camera id: "" for the first camera (video0 when
// there is one) that offers a usable format, else an ID from List
// ("video0"), a device path ("/dev/video0") or the driver's label.
// Cancelling ctx stops the capture as Close does, but only Close releases
// everything.
func Open(ctx context.Context, id string, o Options) (*Source, error) {
	ds, err := find(id)
	if err != nil {
		return nil, err
	}
	var first error
	for _, d := range ds {
		s, err := openDriver(ctx, d, o)
		if err == nil {
			return s, nil
		}
		// UVC cameras also have a metadata node (video1 beside video0)
		// that offers no video format: "" skips it.
		if !errors.Is(err, ErrNoFormat) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

func openDriver(ctx context.Context, d driver.Driver, o Options) (*Source, error) {
	name := idOf(d)
	if d.Status() != driver.StateClosed {
		return nil, fmt.Errorf("%w: %q", ErrBusy, name)
	}
	vr, ok := d.(driver.VideoRecorder)
	if !ok {
		return nil, fmt.Errorf("%w %q: it cannot record video", ErrNoDevice, name)
	}
	return OpenDevice(ctx, driverDevice{Driver: d, VideoRecorder: vr}, name, o)
}

// OpenDevice starts capturing d, which is named label in errors. It opens
// d, picks a mode with Choose and starts recording; Close closes d.
func OpenDevice(ctx context.Context, d Device, label string, o Options) (*Source, error) {
	o = o.withDefaults()
	if err := d.Open(); err != nil {
		return nil, fmt.Errorf("open camera %q: %w", label, err)
	}
	f, err := Choose(d.Properties(), o.Width, o.Height, float64(o.FPS))
	if err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("camera %q: %w", label, err)
	}
	r, err := d.VideoRecord(f)
	if err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("camera %q: record %s %dx%d: %w", label, f.FrameFormat, f.Width, f.Height, err)
	}
	s := &Source{
		label:       label,
		dev:         d,
		format:      f,
		timeout:     o.ReadTimeout,
		closeDevice: sync.OnceValue(d.Close),
	}
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.lastRead.Store(time.Now().UnixNano())
	s.wg.Add(2)
	go s.read(r)
	go s.supervise()
	return s, nil
}

// Next copies the latest frame into dst, scaled to dst's size; until the
// first frame arrives it paints dst black. It never waits for the camera.
func (s *Source) Next(dst *image.YCbCr, _ uint32, _ time.Time) {
	s.latest.CopyTo(dst)
}

// Format is the mode the camera was opened in.
func (s *Source) Format() prop.Media { return s.format }

// Frames counts the frames read from the camera.
func (s *Source) Frames() uint64 { return s.latest.Frames() }

// Done is closed when the capture ends: by Close, by its context, or by
// a failure that Err reports.
func (s *Source) Done() <-chan struct{} { return s.end.Done() }

// Err says why the capture failed: the camera stopped sending frames or
// was disconnected. It is nil while capturing and after Close.
func (s *Source) Err() error { return s.end.Err() }

// Close stops the capture, closes the camera and waits for the reader.
// With the V4L2 driver it can take up to the driver's own read timeout
// (5 s) when the camera has stalled.
func (s *Source) Close() error {
	s.stop(nil)
	s.wg.Wait()
	return s.closeDevice()
}

// stop records why the capture ended, if it is the first to, and stops it.
func (s *Source) stop(err error) {
	s.end.Finish(err)
	s.cancel()
}

// supervise ends the capture when no frame has come for the timeout, and
// closes the device once the capture ends, which unblocks the reader.
func (s *Source) supervise() {
	defer s.wg.Done()
	tick := time.NewTicker(max(s.timeout/10, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-s.ctx.Done():
			s.stop(nil)
			_ = s.closeDevice()
			return
		case now := <-tick.C:
			if now.Sub(time.Unix(0, s.lastRead.Load())) >= s.timeout {
				s.stop(fmt.Errorf("camera %q: no frame for %s", s.label, s.timeout))
			}
		}
	}
}

// read reads frames until the capture ends, converting each to limited
// 4:2:0 and keeping it as the latest.
func (s *Source) read(r video.Reader) {
	defer s.wg.Done()
	rng := yuv.Limited
	if s.format.FrameFormat == frame.FormatMJPEG {
		rng = yuv.Full // JPEG codes Y, Cb and Cr from 0 to 255
	}
	var spare *image.YCbCr
	for {
		img, release, err := r.Read()
		if s.ctx.Err() != nil {
			if err == nil && release != nil {
				release()
			}
			return
		}
		if err != nil {
			if !retryable(err) {
				s.stop(fmt.Errorf("camera %q was disconnected: %w", s.label, err))
				return
			}
			select {
			case <-s.ctx.Done():
			case <-time.After(retryPause):
			}
			continue
		}
		capture := time.Now()
		spare = convertFrame(spare, img, rng)
		if release != nil {
			release()
		}
		spare = s.latest.Swap(spare, capture)
		s.lastRead.Store(capture.UnixNano())
	}
}

// convertFrame converts img into spare, or into a new frame when spare is
// nil or another size, and returns the frame it wrote.
func convertFrame(spare *image.YCbCr, img image.Image, rng yuv.Range) *image.YCbCr {
	b := img.Bounds()
	if spare == nil || spare.Rect.Size() != b.Size() {
		spare = yuv.NewI420(b.Dx(), b.Dy())
	}
	yuv.Convert(spare, img, rng)
	return spare
}

// retryable tells a passing read error (a timeout the read timeout
// handles, an empty or undecodable frame) from the end of the camera: a
// system error such as ENODEV once it is unplugged, or EOF.
func retryable(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return false
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno == syscall.EAGAIN || errno == syscall.EINTR
	}
	return true
}
