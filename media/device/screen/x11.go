//go:build linux && cgo && !nox11

package screen

import (
	"context"
	"fmt"
	"image"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	// The X11 driver registers the screens of $DISPLAY at process start.
	driverscreen "github.com/pion/mediadevices/pkg/driver/screen"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/lkbot/lkbot/media/yuv"
)

// labelPrefix is how the driver names screens: "X11Screen0", ….
const labelPrefix = "X11Screen"

// registerMu serialises registering screens late, so that two callers
// do not both register them. The driver only registers screens at process
// start, when $DISPLAY opened; a display that came up later (or was set
// later, as tests do) is registered on first use.
var registerMu sync.Mutex

// checkDisplay fails before the driver is touched when there is no display.
func checkDisplay() error {
	if os.Getenv("DISPLAY") == "" {
		return ErrNoDisplay
	}
	return nil
}

// screens returns the registered screens ordered by number, registering
// them first if none are.
func screens() ([]driver.Driver, error) {
	registerMu.Lock()
	defer registerMu.Unlock()
	query := func() []driver.Driver {
		return driver.GetManager().Query(driver.FilterAnd(
			driver.FilterDeviceType(driver.Screen),
			driver.FilterVideoRecorder(),
		))
	}
	ds := query()
	if len(ds) == 0 {
		driverscreen.Initialize() // registers nothing when the display does not open
		ds = query()
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("%w: cannot open display %q; is its X server running?", ErrNoScreen, os.Getenv("DISPLAY"))
	}
	slices.SortFunc(ds, func(a, b driver.Driver) int { return indexOf(a) - indexOf(b) })
	return ds, nil
}

func indexOf(d driver.Driver) int {
	n, err := strconv.Atoi(strings.TrimPrefix(d.Info().Label, labelPrefix))
	if err != nil {
		return -1
	}
	return n
}

// List returns the screens of $DISPLAY with their sizes.
func List() ([]Info, error) {
	if err := checkDisplay(); err != nil {
		return nil, err
	}
	ds, err := screens()
	if err != nil {
		return nil, err
	}
	out := make([]Info, 0, len(ds))
	for _, d := range ds {
		info := Info{ID: d.Info().Label, Index: indexOf(d)}
		if d.Status() == driver.StateClosed && d.Open() == nil {
			if p := d.Properties(); len(p) > 0 {
				info.Width, info.Height = p[0].Width, p[0].Height
			}
			_ = d.Close()
		}
		out = append(out, info)
	}
	return out, nil
}

// find returns the screen id names: "" for the first, its number ("0")
// or its ID ("X11Screen0").
func find(id string) (driver.Driver, error) {
	ds, err := screens()
	if err != nil {
		return nil, err
	}
	if id == "" {
		return ds[0], nil
	}
	var ids []string
	for _, d := range ds {
		if d.Info().Label == id || strconv.Itoa(indexOf(d)) == id {
			return d, nil
		}
		ids = append(ids, d.Info().Label)
	}
	return nil, fmt.Errorf("%w %q on display %q: have %s", ErrNoDevice, id, os.Getenv("DISPLAY"), strings.Join(ids, ", "))
}

// Open starts capturing screen id of $DISPLAY: "" or "0" for the first,
// else a number or an ID from List. Cancelling ctx stops the capture as
// Close does.
func Open(ctx context.Context, id string, o Options) (*Source, error) {
	if err := checkDisplay(); err != nil {
		return nil, err
	}
	d, err := find(id)
	if err != nil {
		return nil, err
	}
	name := d.Info().Label
	if d.Status() != driver.StateClosed {
		return nil, fmt.Errorf("%w: %q", ErrBusy, name)
	}
	vr, ok := d.(driver.VideoRecorder)
	if !ok {
		return nil, fmt.Errorf("%w %q: it cannot record video", ErrNoDevice, name)
	}
	if err := d.Open(); err != nil {
		return nil, fmt.Errorf("open screen %q of display %q: %w", name, os.Getenv("DISPLAY"), err)
	}
	r, w, h, err := record(d, vr, o)
	if err != nil {
		return nil, fmt.Errorf("screen %q: %w", name, err)
	}
	s := &Source{w: w, h: h}
	ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(1)
	go s.read(ctx, d, r)
	return s, nil
}

// record starts the driver recording at the screen's size and returns the
// frames' size after scaling. It closes d when it fails.
func record(d driver.Driver, vr driver.VideoRecorder, o Options) (video.Reader, int, int, error) {
	props := d.Properties()
	if len(props) == 0 {
		_ = d.Close()
		return nil, 0, 0, fmt.Errorf("the driver reports no size")
	}
	sw, sh := props[0].Width, props[0].Height
	maxW, maxH := o.MaxWidth, o.MaxHeight
	if maxW <= 0 {
		maxW = sw
	}
	if maxH <= 0 {
		maxH = sh
	}
	w, h := yuv.FitSize(sw, sh, maxW, maxH)
	if w == 0 {
		_ = d.Close()
		return nil, 0, 0, fmt.Errorf("cannot fit %dx%d into %dx%d", sw, sh, maxW, maxH)
	}
	fps := o.FPS
	if fps <= 0 {
		fps = DefaultFPS
	}
	// The driver paces reads with a ticker at FrameRate. Its wrapper
	// closes d itself when VideoRecord fails.
	r, err := vr.VideoRecord(prop.Media{Video: prop.Video{
		Width: sw, Height: sh, FrameFormat: frame.FormatRGBA, FrameRate: float32(fps),
	}})
	if err != nil {
		return nil, 0, 0, err
	}
	return r, w, h, nil
}

// read grabs frames until the capture ends, then closes the screen. Only
// this goroutine touches the driver after Open: the driver's Close frees
// the image a read fills, and a read blocks on a ticker Close stops.
func (s *Source) read(ctx context.Context, d driver.Driver, r video.Reader) {
	defer s.wg.Done()
	defer func() { s.closeErr = d.Close() }()
	var spare *image.YCbCr
	for {
		img, release, err := r.Read()
		if ctx.Err() != nil {
			s.stop(nil)
			return
		}
		if err != nil {
			s.stop(fmt.Errorf("screen capture: %w", err))
			return
		}
		capture := time.Now()
		if spare == nil {
			spare = yuv.NewI420(s.w, s.h)
		}
		yuv.Convert(spare, img, yuv.Limited)
		if release != nil {
			release()
		}
		spare = s.latest.Swap(spare, capture)
	}
}
