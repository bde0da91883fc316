package screen

import (
	"image"
	"sync"
	"time"

	"github.com/lkbot/lkbot/media/yuv"
)

// latest holds the newest converted frame and when it was captured. The
// reader converts into a spare frame and swaps it in, so Next never waits
// for a conversion, only for a copy.
type latest struct {
	mu      sync.Mutex
	frame   *image.YCbCr
	capture time.Time
	count   uint64
}

// swap makes f the latest frame and returns the one it replaces (nil at
// first) for the caller to reuse.
func (l *latest) swap(f *image.YCbCr, capture time.Time) *image.YCbCr {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.frame
	l.frame, l.capture = f, capture
	l.count++
	return old
}

// copyTo writes the latest frame into dst, scaled to dst's size, and
// returns its capture time; with no frame yet it paints dst black.
func (l *latest) copyTo(dst *image.YCbCr) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.frame == nil {
		paintBlack(dst)
		return time.Time{}
	}
	yuv.Scale(dst, l.frame)
	return l.capture
}

func (l *latest) frames() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count
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
