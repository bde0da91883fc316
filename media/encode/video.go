// Package encode turns raw frames into encoded samples, VP8 and VP9 with
// our own libvpx wrapper, H.264 and Opus with pion/mediadevices' codec
// packages, and drives them from a source into lksdk LocalTracks.
package encode

import (
	"fmt"
	"image"
	"io"
	"sync"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/media/encode/libvpx"
)

// Video codec names, as the CLI spells them.
const (
	VP8  = "vp8"
	VP9  = "vp9"
	H264 = "h264"
)

// VideoParams describe one encoder.
type VideoParams struct {
	Codec         string
	Width, Height int
	// FPS is the nominal frame rate; 0 means 30.
	FPS int
	// BitrateBps is the target bitrate; 0 picks DefaultBitrate.
	BitrateBps int
	// KeyFrameInterval is the longest gap between keyframes, in frames;
	// 0 means three seconds.
	KeyFrameInterval int
	// Logger hears the codec library's own messages, at debug; nil drops
	// them.
	Logger *zap.Logger
}

func (p VideoParams) logger() *zap.Logger {
	if p.Logger == nil {
		return zap.NewNop()
	}
	return p.Logger
}

// withDefaults fills the fields left zero.
func (p VideoParams) withDefaults() VideoParams {
	if p.FPS == 0 {
		p.FPS = 30
	}
	if p.BitrateBps == 0 {
		p.BitrateBps = DefaultBitrate(p.Width, p.Height)
	}
	if p.KeyFrameInterval == 0 {
		p.KeyFrameInterval = 3 * p.FPS
	}
	return p
}

// frameEncoder is one codec's encoder behind VideoEncoder.
type frameEncoder interface {
	Encode(frame *image.YCbCr) (data []byte, key bool, err error)
	ForceKeyFrame()
	SetBitrate(bps int) error
	Close() error
}

var (
	_ frameEncoder = (*libvpx.Encoder)(nil)
	_ frameEncoder = (*h264Encoder)(nil)
)

// VideoEncoder encodes I420 frames one at a time. ForceKeyFrame may be
// called from any goroutine; Encode, SetBitrate and Close are serialised.
type VideoEncoder struct {
	codec string
	enc   frameEncoder

	mu     sync.Mutex
	closed bool
}

// NewVideoEncoder builds an encoder for p.
func NewVideoEncoder(p VideoParams) (*VideoEncoder, error) {
	p = p.withDefaults()
	var build func(VideoParams) (frameEncoder, error)
	switch p.Codec {
	case VP8, VP9:
		build = newVPXEncoder
	case H264:
		build = newH264Encoder
	default:
		return nil, fmt.Errorf("%w %q (want vp8, vp9 or h264)", ErrUnknownCodec, p.Codec)
	}
	if p.Width < 2 || p.Height < 2 || p.Width%2 != 0 || p.Height%2 != 0 {
		return nil, fmt.Errorf("new %s encoder: %w %dx%d: want even width and height of at least 2", p.Codec, ErrBadSize, p.Width, p.Height)
	}
	enc, err := build(p)
	if err != nil {
		return nil, err
	}
	return &VideoEncoder{codec: p.Codec, enc: enc}, nil
}

// newVPXEncoder builds a VP8 or VP9 encoder with our libvpx wrapper.
func newVPXEncoder(p VideoParams) (frameEncoder, error) {
	c := libvpx.VP8
	if p.Codec == VP9 {
		c = libvpx.VP9
	}
	return libvpx.NewEncoder(libvpx.Config{
		Codec: c, Width: p.Width, Height: p.Height, FPS: p.FPS,
		BitrateBps: p.BitrateBps, KeyFrameInterval: p.KeyFrameInterval,
	})
}

// ForceKeyFrame makes the next encoded frame a keyframe.
func (e *VideoEncoder) ForceKeyFrame() { e.enc.ForceKeyFrame() }

// Encode encodes one frame and reports whether the result is a keyframe.
// The returned slice is owned by the caller; it is empty when the encoder
// skipped the frame.
func (e *VideoEncoder) Encode(frame *image.YCbCr) (data []byte, key bool, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, false, fmt.Errorf("encode %s: %w", e.codec, ErrClosed)
	}
	return e.enc.Encode(frame)
}

// SetBitrate changes the target bitrate from the next frame on.
func (e *VideoEncoder) SetBitrate(bps int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return fmt.Errorf("set %s bitrate: %w", e.codec, ErrClosed)
	}
	return e.enc.SetBitrate(bps)
}

// Close releases the encoder. It is safe to call more than once.
func (e *VideoEncoder) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	return e.enc.Close()
}

var _ io.Closer = (*VideoEncoder)(nil)
