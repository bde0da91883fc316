package screen

import (
	"context"
	"image"
	"sync"
	"time"
)

// DefaultFPS is the capture rate when Options.FPS is zero.
const DefaultFPS = 15

// Options say how to capture a screen. Zero values take the defaults.
type Options struct {
	FPS int
	// MaxWidth and MaxHeight bound the frames' size: a larger screen is
	// scaled down with its aspect kept. Zero leaves that side unbounded.
	MaxWidth, MaxHeight int
}

// Info describes a screen for `lkbot devices`.
type Info struct {
	// ID is the driver's name for the screen, such as "X11Screen0".
	ID    string
	Index int
	// Width and Height are the screen's size; zero when it could not be
	// opened.
	Width, Height int
}

// Source captures a screen; it is an encode.FrameSource. Open starts it
// and Close stops it.
type Source struct {
	w, h   int
	latest latest

	cancel context.CancelFunc
	wg     sync.WaitGroup

	endOnce  sync.Once
	done     chan struct{}
	err      error
	closeErr error
}

// Size is the frames' size, after scaling.
func (s *Source) Size() (w, h int) { return s.w, s.h }

// Next copies the latest frame into dst, scaled if dst is another size;
// until the first frame it paints dst black. It never waits for the
// X server.
func (s *Source) Next(dst *image.YCbCr, _ uint32, _ time.Time) {
	s.latest.copyTo(dst)
}

// Frames counts the frames captured.
func (s *Source) Frames() uint64 { return s.latest.frames() }

// Done is closed when the capture ends: by Close, by its context, or by
// a failure that Err reports.
func (s *Source) Done() <-chan struct{} { return s.done }

// Err says why the capture failed; nil while capturing and after Close.
func (s *Source) Err() error {
	select {
	case <-s.done:
		return s.err
	default:
		return nil
	}
}

// Close stops the capture and waits for the reader, which closes the
// screen; it takes up to one frame interval.
func (s *Source) Close() error {
	s.end(nil)
	s.wg.Wait()
	return s.closeErr
}

// end records why the capture ended, once, and stops it.
func (s *Source) end(err error) {
	s.endOnce.Do(func() {
		s.err = err
		close(s.done)
	})
	s.cancel()
}
