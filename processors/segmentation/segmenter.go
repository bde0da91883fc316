package segmentation

import (
	"fmt"
	"image"

	"github.com/lkbot/lkbot/processors/segmentation/tflite"
)

// Segmenter computes person masks for video frames with one model. It
// keeps its buffers between frames, so Segment allocates nothing once the
// frame size is steady. It is not safe for concurrent use; Close stops its
// worker goroutines.
type Segmenter struct {
	kind    ModelKind
	it      *tflite.Interpreter
	w, h    int // model input size
	sampler frameSampler
}

// Option configures a Segmenter.
type Option func(*config)

type config struct {
	workers int
}

// WithWorkers sets how many goroutines share the model's work, counting the
// caller's. The default, 1, starts none.
func WithWorkers(n int) Option {
	return func(c *config) { c.workers = max(n, 1) }
}

// NewSegmenter loads the model of the given kind.
func NewSegmenter(kind ModelKind, opts ...Option) (*Segmenter, error) {
	cfg := config{workers: 1}
	for _, o := range opts {
		o(&cfg)
	}
	data, err := kind.data()
	if err != nil {
		return nil, fmt.Errorf("new segmenter: %w", err)
	}
	m, err := tflite.LoadModel(data)
	if err != nil {
		return nil, fmt.Errorf("new segmenter: %v model: %w", kind, err)
	}
	in, out := m.Inputs(), m.Outputs()
	if len(in) != 1 || len(out) != 1 || len(in[0].Shape) != 4 || in[0].Shape[3] != 3 ||
		!sameSize(in[0].Shape, out[0].Shape) {
		return nil, fmt.Errorf("new segmenter: %v model has inputs %v and outputs %v, want one RGB image and one mask", kind, in, out)
	}
	return &Segmenter{
		kind: kind,
		it:   tflite.NewInterpreter(m, tflite.WithWorkers(cfg.workers)),
		h:    in[0].Shape[1],
		w:    in[0].Shape[2],
	}, nil
}

// sameSize reports whether two NHWC shapes have one mask per input pixel.
func sameSize(in, out []int) bool {
	return len(out) == 4 && in[0] == 1 && out[0] == 1 && in[1] == out[1] && in[2] == out[2] && out[3] == 1
}

// Size returns the model's input width and height, which is also the size
// of the masks Segment produces.
func (s *Segmenter) Size() (width, height int) { return s.w, s.h }

// Segment scales frame to the model's input (stretching it, not keeping its
// aspect ratio), runs the model and stores the person confidence of each
// model pixel in mask, reusing mask.Conf's storage when it is big enough.
func (s *Segmenter) Segment(frame *image.YCbCr, mask *Mask) error {
	if err := checkFrame(frame); err != nil {
		return fmt.Errorf("segment: %w", err)
	}
	s.sampler.sample(frame, s.it.Input(0).Data, s.w, s.h)
	if err := s.it.Run(); err != nil {
		return fmt.Errorf("segment: %v model: %w", s.kind, err)
	}
	mask.resize(s.w, s.h)
	copy(mask.Conf, s.it.Output(0).Data)
	return nil
}

// Close stops the Segmenter's worker goroutines. It is safe to call more
// than once.
func (s *Segmenter) Close() error {
	return s.it.Close()
}
