package encode

import (
	"errors"
	"fmt"
	"image"
	"sync/atomic"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/openh264"
	"github.com/pion/mediadevices/pkg/prop"
)

// h264Encoder drives pion/mediadevices' openh264 encoder one frame at a
// time through its public reader interface.
type h264Encoder struct {
	feed   *frameFeed
	rc     codec.ReadCloser
	force  atomic.Bool
	keyFn  func() error
	rateFn func(int) error
}

func newH264Encoder(p VideoParams) (frameEncoder, error) {
	params, err := openh264.NewParams()
	if err != nil {
		return nil, fmt.Errorf("new h264 encoder: %w", err)
	}
	params.BitRate = p.BitrateBps
	params.IntraPeriod = uint(p.KeyFrameInterval)
	params.MultipleThreadIdc = 1
	// Without frame skipping openh264's rate control overshoots its target
	// about 2.5 times; a skipped frame comes back empty and is not written.
	params.EnableFrameSkip = true
	feed := &frameFeed{}
	media := prop.Media{Video: prop.Video{Width: p.Width, Height: p.Height, FrameRate: float32(p.FPS)}}
	var rc codec.ReadCloser
	err = captureOpenH264(p.logger(), func() error {
		var err error
		rc, err = params.BuildVideoEncoder(feed, media)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("new h264 encoder %dx%d: %w", p.Width, p.Height, err)
	}
	e := &h264Encoder{feed: feed, rc: rc}
	if kf, ok := rc.Controller().(codec.KeyFrameController); ok {
		e.keyFn = kf.ForceKeyFrame
	}
	if br, ok := rc.Controller().(codec.BitRateController); ok {
		e.rateFn = br.SetBitRate
	}
	return e, nil
}

func (e *h264Encoder) ForceKeyFrame() { e.force.Store(true) }

func (e *h264Encoder) Encode(frame *image.YCbCr) ([]byte, bool, error) {
	if e.force.Swap(false) && e.keyFn != nil {
		if err := e.keyFn(); err != nil {
			return nil, false, fmt.Errorf("force h264 keyframe: %w", err)
		}
	}
	e.feed.frame = frame
	data, release, err := e.rc.Read()
	e.feed.frame = nil
	if release != nil {
		defer release()
	}
	if err != nil {
		return nil, false, fmt.Errorf("encode h264: %w", err)
	}
	return data, IsKeyFrame(H264, data), nil
}

var errNoBitrateControl = errors.New("openh264 encoder has no bitrate control")

func (e *h264Encoder) SetBitrate(bps int) error {
	if e.rateFn == nil {
		return fmt.Errorf("set h264 bitrate: %w", errNoBitrateControl)
	}
	return e.rateFn(bps)
}

func (e *h264Encoder) Close() error { return e.rc.Close() }

// frameFeed is the video.Reader the mediadevices encoder pulls from: it
// hands over the one frame Encode was given.
type frameFeed struct {
	frame *image.YCbCr
}

var errNoFrame = errors.New("encoder read with no frame")

func (f *frameFeed) Read() (image.Image, func(), error) {
	if f.frame == nil {
		return nil, func() {}, errNoFrame
	}
	return f.frame, func() {}, nil
}
