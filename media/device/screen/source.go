package screen

import (
	"context"
	"image"
	"sync"
	"time"

	"github.com/lkbot/lkbot/media/device/frameslot"
	"github.com/lkbot/lkbot/media/sourceend"
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
	latest frameslot.Slot

	cancel context.CancelFunc
	wg     sync.WaitGroup

	end      sourceend.End
	closeErr error
}

// Size is the frames' size, after scaling.
func (s *Source) Size() (w, h int) { return s.w, s.h }

// Next copies the latest frame into dst, scaled if dst is another size;
// until the first frame it paints dst black. It never waits for the
// X server.
func (s *Source) Next(dst *image.YCbCr, _ uint32, _ time.Time) {
	s.latest.CopyTo(dst)
}

// Frames counts the frames captured.
func (s *Source) Frames() uint64 { return s.latest.Frames() }

// Done is closed when the capture ends: by Close, by its context, or by
// a failure that Err reports.
func (s *Source) Done() <-chan struct{} { return s.end.Done() }

// Err says why the capture failed; nil while capturing and after Close.
func (s *Source) Err() error { return s.end.Err() }

// Close stops the capture and waits for the reader, which closes the
// screen; it takes up to one frame interval.
func (s *Source) Close() error {
	s.stop(nil)
	s.wg.Wait()
	return s.closeErr
}

// stop records why the capture ended, if it is the first to, and stops it.
func (s *Source) stop(err error) {
	s.end.Finish(err)
	s.cancel()
}
