// Package frameslot holds the newest frame a capture device delivered, for
// an encoder that asks for frames at its own pace. The device's reader
// converts into a spare frame and swaps it in, so the encoder never waits
// for a conversion, only for a copy. Camera and screen capture share it.
package frameslot

import (
	"image"
	"sync"
	"time"

	"github.com/lkbot/lkbot/media/yuv"
)

// Slot holds the latest frame and when it was captured. The zero value is
// empty and ready to use; a Slot must not be copied after first use. Its
// methods are safe for concurrent use.
type Slot struct {
	mu      sync.Mutex
	frame   *image.YCbCr
	capture time.Time
	count   uint64
}

// Swap makes f the latest frame and returns the one it replaces (nil at
// first) for the caller to reuse. The Slot owns f until Swap returns it.
func (s *Slot) Swap(f *image.YCbCr, capture time.Time) *image.YCbCr {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.frame
	s.frame, s.capture = f, capture
	s.count++
	return old
}

// CopyTo writes the latest frame into dst, scaled to dst's size, and
// returns its capture time; with no frame yet it paints dst black and
// returns the zero time.
func (s *Slot) CopyTo(dst *image.YCbCr) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frame == nil {
		paintBlack(dst)
		return time.Time{}
	}
	yuv.Scale(dst, s.frame)
	return s.capture
}

// Frames counts the frames swapped in.
func (s *Slot) Frames() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// paintBlack fills a limited-range frame with black: Y 16, Cb and Cr 128.
func paintBlack(m *image.YCbCr) {
	fill(m.Y, 16)
	fill(m.Cb, 128)
	fill(m.Cr, 128)
}

func fill(b []byte, v byte) {
	for i := range b {
		b[i] = v
	}
}
