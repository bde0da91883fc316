// Package encode turns raw frames into encoded samples with pion/mediadevices'
// codec packages, and drives them from a source into lksdk LocalTracks.
package encode

import (
	"errors"
	"fmt"
	"image"
	"io"
	"sync/atomic"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/openh264"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/webrtc/v4"
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
	FPS           int
	// BitrateBps is the target bitrate.
	BitrateBps int
	// KeyFrameInterval is the longest gap between keyframes, in frames.
	KeyFrameInterval int
}

// VideoEncoder encodes I420 frames one at a time. Encode and ForceKeyFrame
// may be called from different goroutines.
type VideoEncoder struct {
	codec string
	feed  *frameFeed
	rc    codec.ReadCloser
	keyFn func() error
	force atomic.Bool
}

// NewVideoEncoder builds an encoder for p.
func NewVideoEncoder(p VideoParams) (*VideoEncoder, error) {
	builder, err := videoBuilder(p)
	if err != nil {
		return nil, err
	}
	feed := &frameFeed{}
	media := prop.Media{Video: prop.Video{Width: p.Width, Height: p.Height, FrameRate: float32(p.FPS)}}
	rc, err := builder.BuildVideoEncoder(feed, media)
	if err != nil {
		return nil, fmt.Errorf("build %s encoder %dx%d: %w", p.Codec, p.Width, p.Height, err)
	}
	if p.Codec == VP8 || p.Codec == VP9 {
		if err := tuneVPX(rc, p.Codec); err != nil {
			rc.Close()
			return nil, err
		}
	}
	e := &VideoEncoder{codec: p.Codec, feed: feed, rc: rc}
	if kf, ok := rc.Controller().(codec.KeyFrameController); ok {
		e.keyFn = kf.ForceKeyFrame
	}
	return e, nil
}

func videoBuilder(p VideoParams) (codec.VideoEncoderBuilder, error) {
	switch p.Codec {
	case VP8:
		params, err := vpx.NewVP8Params()
		if err != nil {
			return nil, fmt.Errorf("vp8 params: %w", err)
		}
		params.BitRate = p.BitrateBps
		params.KeyFrameInterval = p.KeyFrameInterval
		params.RateControlEndUsage = vpx.RateControlCBR
		params.LagInFrames = 0 // real time: every frame out as it goes in
		return &params, nil
	case VP9:
		params, err := vpx.NewVP9Params()
		if err != nil {
			return nil, fmt.Errorf("vp9 params: %w", err)
		}
		params.BitRate = p.BitrateBps
		params.KeyFrameInterval = p.KeyFrameInterval
		params.RateControlEndUsage = vpx.RateControlCBR
		params.LagInFrames = 0
		return &params, nil
	case H264:
		params, err := openh264.NewParams()
		if err != nil {
			return nil, fmt.Errorf("h264 params: %w", err)
		}
		params.BitRate = p.BitrateBps
		params.IntraPeriod = uint(p.KeyFrameInterval)
		params.MultipleThreadIdc = 1
		// Without frame skipping openh264's rate control overshoots its
		// target about 2.5 times; a skipped frame comes back empty and is
		// not written.
		params.EnableFrameSkip = true
		return &params, nil
	}
	return nil, fmt.Errorf("unknown video codec %q (want vp8, vp9 or h264)", p.Codec)
}

// ForceKeyFrame makes the next encoded frame a keyframe.
func (e *VideoEncoder) ForceKeyFrame() { e.force.Store(true) }

// Encode encodes one frame and reports whether the result is a keyframe.
// The returned slice is owned by the caller.
func (e *VideoEncoder) Encode(frame *image.YCbCr) (data []byte, key bool, err error) {
	if e.force.Swap(false) && e.keyFn != nil {
		if err := e.keyFn(); err != nil {
			return nil, false, fmt.Errorf("force keyframe: %w", err)
		}
	}
	e.feed.frame = frame
	data, release, err := e.rc.Read()
	e.feed.frame = nil
	if release != nil {
		defer release()
	}
	if err != nil {
		return nil, false, fmt.Errorf("encode %s: %w", e.codec, err)
	}
	return data, IsKeyFrame(e.codec, data), nil
}

// Close releases the encoder.
func (e *VideoEncoder) Close() error {
	return e.rc.Close()
}

// frameFeed is the video.Reader the mediadevices encoders pull from: it
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

// Capability is the RTP codec capability lksdk publishes for a codec name.
func Capability(codecName string) (webrtc.RTPCodecCapability, error) {
	switch codecName {
	case VP8:
		return webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000}, nil
	case VP9:
		return webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP9, ClockRate: 90000, SDPFmtpLine: "profile-id=0"}, nil
	case H264:
		return webrtc.RTPCodecCapability{
			MimeType:    webrtc.MimeTypeH264,
			ClockRate:   90000,
			SDPFmtpLine: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
		}, nil
	case "opus":
		return webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}, nil
	}
	return webrtc.RTPCodecCapability{}, fmt.Errorf("unknown codec %q", codecName)
}

var _ io.Closer = (*VideoEncoder)(nil)
