package processors

import (
	"fmt"
	"image"

	"github.com/lkbot/lkbot/processors/segmentation"
)

// Option configures an Effect.
type Option func(*config) error

type config struct {
	model     segmentation.ModelKind
	stride    int
	async     bool
	workers   int
	lightWrap float64
	initial   func(*Effect) error
}

// WithModel picks the segmentation model. The default is
// segmentation.Landscape: made for video calls and half the work of
// segmentation.General.
func WithModel(kind segmentation.ModelKind) Option {
	return func(c *config) error {
		c.model = kind
		return nil
	}
}

// WithStride runs the model on every nth frame only (n >= 1; default 1).
// Frames in between reuse the last refined mask, applied to their own luma
// so that its edges still follow the picture.
func WithStride(n int) Option {
	return func(c *config) error {
		if n < 1 || n > 60 {
			return fmt.Errorf("stride %d is out of range (1 to 60)", n)
		}
		c.stride = n
		return nil
	}
}

// WithAsync runs the model on a goroutine of its own, so that Process
// never waits for it: frames are composited with the newest mask ready.
// The first frame of a new size, or after Clear, still waits for its mask.
func WithAsync(on bool) Option {
	return func(c *config) error {
		c.async = on
		return nil
	}
}

// WithWorkers sets how many goroutines share the model's work (see
// segmentation.WithWorkers); the default is 1.
func WithWorkers(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("workers %d is out of range (at least 1)", n)
		}
		c.workers = n
		return nil
	}
}

// WithLightWrap spills the virtual background's light onto the edge of the
// person, by strength from 0 (off, the default) to 1, so that the person
// looks lit by the new scene rather than cut out.
func WithLightWrap(strength float64) Option {
	return func(c *config) error {
		if !(strength >= 0 && strength <= 1) {
			return fmt.Errorf("light wrap %v is out of range (0 to 1)", strength)
		}
		c.lightWrap = strength
		return nil
	}
}

// WithBlur starts the Effect blurring the background (see SetBlur).
func WithBlur(radius float64) Option {
	return func(c *config) error {
		c.initial = func(e *Effect) error { return e.SetBlur(radius) }
		return nil
	}
}

// WithBackground starts the Effect with a virtual background (see
// SetBackground).
func WithBackground(img image.Image) Option {
	return func(c *config) error {
		c.initial = func(e *Effect) error { return e.SetBackground(img) }
		return nil
	}
}
