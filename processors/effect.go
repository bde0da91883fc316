package processors

import (
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/lkbot/lkbot/processors/segmentation"
)

// Effect blurs or replaces the background of I420 frames, in place: a
// processor for the encoder pipeline (its Process method). It is off until
// SetBlur or SetBackground; Clear turns it off again. Those three may be
// called from any goroutine while another calls Process; they take effect
// on the next frame, with no allocation on the frame path.
//
// Frames other than 4:2:0 pass through unchanged.
type Effect struct {
	cfg config

	mu         sync.Mutex // guards want, closed, pending, hasPending, lastW/H
	want       settings
	closed     bool
	pending    *matte // newest result of the async worker
	hasPending bool
	lastW      int
	lastH      int

	// run is held by Process and Close; the fields below are the frame
	// path's own.
	run          sync.Mutex
	front, spare *matte
	gen          uint64
	since        int
	fresh        bool
	refMu        sync.Mutex // held while ref is in use; the worker takes it too
	ref          *refiner
	work         *worker
	blur         blurStage
	comp         compositor
}

type mode int

const (
	modeOff mode = iota
	modeBlur
	modeBackground
)

// settings are what the frame path reads of the control surface.
type settings struct {
	mode   mode
	radius float64
	bg     *background
}

// New loads the segmentation model and returns an Effect, off unless an
// option (WithBlur, WithBackground) turns it on. Close releases it.
func New(opts ...Option) (*Effect, error) {
	cfg := config{model: segmentation.Landscape, stride: 1, workers: 1}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, fmt.Errorf("new effect: %w", err)
		}
	}
	seg, err := segmentation.NewSegmenter(cfg.model, segmentation.WithWorkers(cfg.workers))
	if err != nil {
		return nil, fmt.Errorf("new effect: %w", err)
	}
	e := &Effect{cfg: cfg, front: &matte{}, spare: &matte{}, fresh: true, ref: &refiner{seg: seg}}
	if cfg.initial != nil {
		if err := cfg.initial(e); err != nil {
			seg.Close()
			return nil, fmt.Errorf("new effect: %w", err)
		}
	}
	if cfg.async {
		e.pending = &matte{}
		e.work = startWorker(e)
	}
	return e, nil
}

// SetBlur blurs the background with a Gaussian of standard deviation
// radius frame pixels, as the web SDK's BackgroundBlur(radius) does
// (DefaultBlurRadius is its default). Radius 0 turns the effect off.
func (e *Effect) SetBlur(radius float64) error {
	if math.IsNaN(radius) || radius < 0 || radius > MaxBlurRadius {
		return fmt.Errorf("set blur: %w: %v (0 to %d)", ErrBadRadius, radius, MaxBlurRadius)
	}
	if radius == 0 {
		return e.set(settings{})
	}
	return e.set(settings{mode: modeBlur, radius: radius})
}

// SetBackground replaces the background with img, scaled to cover the
// frame (cropped, keeping its aspect ratio). Nil turns the effect off.
// The image is converted and scaled here, for the current frame size, so
// that the frame path does not stall; img is not kept.
func (e *Effect) SetBackground(img image.Image) error {
	bg, err := newBackground(img)
	if err != nil || bg == nil {
		if err == nil {
			err = e.set(settings{})
		}
		return err
	}
	e.mu.Lock()
	w, h := e.lastW, e.lastH
	e.mu.Unlock()
	if w > 0 && h > 0 {
		bg.prepare(w, h, e.cfg.lightWrap > 0)
	}
	return e.set(settings{mode: modeBackground, bg: bg})
}

// Clear turns the effect off: frames pass through untouched and the model
// does not run.
func (e *Effect) Clear() { _ = e.set(settings{}) }

func (e *Effect) set(s settings) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	e.want = s
	return nil
}

// Close stops the model's goroutines and waits for them. Frames given to
// Process afterwards pass through. It is safe to call more than once.
func (e *Effect) Close() error {
	e.run.Lock()
	defer e.run.Unlock()
	e.mu.Lock()
	was := e.closed
	e.closed = true
	e.mu.Unlock()
	if was {
		return nil
	}
	if e.work != nil {
		e.work.stop()
	}
	return e.ref.seg.Close()
}
