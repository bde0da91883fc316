package bot

import (
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // background images
	_ "image/png"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lkbot/lkbot/processors"
	"github.com/lkbot/lkbot/processors/segmentation"
)

// effectSlot is the camera's processor: background blur or a virtual
// background, switched at run time without republishing. The effect (and
// its model) is created on first use, so bots that never blur pay nothing.
type effectSlot struct {
	mu     sync.Mutex
	effect *processors.Effect
	cfg    *Config
	// frames and nanos count the frames the effect processed and the
	// time it took, for the processor metrics.
	frames, nanos atomic.Uint64
}

// Process runs the effect on a frame, or passes it through.
func (s *effectSlot) Process(frame *image.YCbCr) {
	s.mu.Lock()
	e := s.effect
	s.mu.Unlock()
	if e != nil {
		start := time.Now()
		e.Process(frame)
		s.nanos.Add(uint64(time.Since(start)))
		s.frames.Add(1)
	}
}

func (s *effectSlot) get() (*processors.Effect, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.effect != nil {
		return s.effect, nil
	}
	model, err := segmentation.ParseModelKind(s.cfg.SegmentationModel)
	if err != nil {
		return nil, fmt.Errorf("background effect: %w", err)
	}
	e, err := processors.New(processors.WithModel(model), processors.WithStride(s.cfg.SegmentationStride), processors.WithAsync(true))
	if err != nil {
		return nil, fmt.Errorf("background effect: %w", err)
	}
	s.effect = e
	return e, nil
}

func (s *effectSlot) close() {
	s.mu.Lock()
	e := s.effect
	s.effect = nil
	s.mu.Unlock()
	if e != nil {
		_ = e.Close()
	}
}

// SetBlur blurs the camera's background with the web SDK's radius meaning;
// 0 turns blur off.
func (b *Bot) SetBlur(radius float64) error {
	if radius == 0 {
		b.effect.mu.Lock()
		e := b.effect.effect
		b.effect.mu.Unlock()
		if e != nil {
			return e.SetBlur(0)
		}
		return nil
	}
	if err := checkRawCamera(b.cfg.Camera); err != nil {
		return err
	}
	e, err := b.effect.get()
	if err != nil {
		return err
	}
	if err := e.SetBlur(radius); err != nil {
		return fmt.Errorf("blur: %w", err)
	}
	return nil
}

// SetBackground replaces the camera's background with the JPEG or PNG at
// path; "" removes it.
func (b *Bot) SetBackground(path string) error {
	if path == "" {
		b.ClearProcessor()
		return nil
	}
	if err := checkRawCamera(b.cfg.Camera); err != nil {
		return err
	}
	img, err := LoadImage(path)
	if err != nil {
		return err
	}
	e, err := b.effect.get()
	if err != nil {
		return err
	}
	if err := e.SetBackground(img); err != nil {
		return fmt.Errorf("background: %w", err)
	}
	return nil
}

// ClearProcessor turns blur and virtual background off.
func (b *Bot) ClearProcessor() {
	b.effect.mu.Lock()
	e := b.effect.effect
	b.effect.mu.Unlock()
	if e != nil {
		e.Clear()
	}
}

// LoadImage decodes a JPEG or PNG file.
func LoadImage(path string) (image.Image, error) {
	img, err := decodeImage(path)
	if err != nil {
		return nil, fmt.Errorf("background: %w", err)
	}
	return img, nil
}

// decodeImage decodes a JPEG or PNG file, with errors that name the file
// and say what is wrong in plain words.
func decodeImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if errors.Is(err, image.ErrFormat) {
		return nil, fmt.Errorf("%s is not a JPEG or PNG image", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s is not a readable JPEG or PNG image (%w)", path, err)
	}
	return img, nil
}

// applyConfiguredEffect starts the effect the config asks for.
func (b *Bot) applyConfiguredEffect() error {
	if b.cfg.Background != "" {
		return b.SetBackground(b.cfg.Background)
	}
	if b.cfg.Blur > 0 {
		return b.SetBlur(b.cfg.Blur)
	}
	return nil
}
