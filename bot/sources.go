package bot

import (
	"fmt"
	"strings"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/media"
	"github.com/lkbot/lkbot/media/device/camera"
	"github.com/lkbot/lkbot/media/device/mic"
	"github.com/lkbot/lkbot/media/device/screen"
	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/file"
	"github.com/lkbot/lkbot/media/synthetic"
	"github.com/lkbot/lkbot/media/yuv"
)

// ender is a source that can end by itself: a file played without loop,
// or a device that went away. Done closes when it ends; Err is nil for a
// file's clean end.
type ender interface {
	Done() <-chan struct{}
	Err() error
}

// isVideoSource reports whether source carries video.
func isVideoSource(source livekit.TrackSource) bool {
	return source == livekit.TrackSource_CAMERA || source == livekit.TrackSource_SCREEN_SHARE
}

// sourceSpec is the SPEC configured for source. A source configured as
// none that a command publishes anyway gets its default: synthetic for the
// camera and microphone, the first screen for a screen share.
func (b *Bot) sourceSpec(source livekit.TrackSource) (media.Spec, error) {
	var s string
	switch source {
	case livekit.TrackSource_CAMERA:
		s = b.cfg.Camera
	case livekit.TrackSource_MICROPHONE:
		s = b.cfg.Mic
	case livekit.TrackSource_SCREEN_SHARE:
		s = b.cfg.Screen
	case livekit.TrackSource_SCREEN_SHARE_AUDIO:
		s = b.cfg.ScreenAudio
	default:
		return media.Spec{}, fmt.Errorf("%w %q", ErrUnknownSource, SourceName(source))
	}
	spec, err := media.ParseSpec(s)
	if err != nil {
		return spec, err
	}
	if spec.Kind == media.SourceNone {
		spec.Kind = media.SourceSynthetic
		if source == livekit.TrackSource_SCREEN_SHARE {
			spec.Kind = media.SourceDevice
		}
	}
	return spec, nil
}

// videoInput is an opened video source and the size and rate to encode
// it at.
type videoInput struct {
	src           encode.FrameSource
	width, height int
	fps           int
}

// openVideo opens source's frames: synthetic, a device or a raw file. It
// is called only when the track is published, so that choosing a device
// opens nothing before.
func (b *Bot) openVideo(source livekit.TrackSource, spec media.Spec) (videoInput, error) {
	screenShare := source == livekit.TrackSource_SCREEN_SHARE
	fps := b.cfg.FPS
	maxW, maxH, err := ParseResolution(b.cfg.Resolution)
	if err != nil {
		return videoInput{}, err
	}
	if screenShare {
		fps = b.cfg.ScreenFPS
		maxW, maxH = b.screenBounds()
	}
	switch spec.Kind {
	case media.SourceSynthetic:
		if screenShare && b.cfg.ScreenResolution == "" {
			maxW, maxH = syntheticScreenWidth, syntheticScreenHeight
		}
		src, err := synthetic.NewVideoSource(maxW, maxH, fps)
		return videoInput{src: src, width: maxW, height: maxH, fps: fps}, err
	case media.SourceFile:
		src, err := file.OpenVideo(spec.Arg, file.VideoOptions{Loop: b.cfg.Loop, FPS: fps})
		if err != nil {
			return videoInput{}, err
		}
		w, h := src.Size()
		w, h = yuv.FitSize(w, h, maxW, maxH)
		return videoInput{src: src, width: w, height: h, fps: fps}, nil
	}
	if screenShare {
		return b.openScreen(spec, fps, maxW, maxH)
	}
	return b.openCamera(spec, fps, maxW, maxH)
}

// A synthetic screen share has no screen to take its size from.
const (
	syntheticScreenWidth  = 1280
	syntheticScreenHeight = 720
)

// screenBounds is the largest size a screen share is sent at.
func (b *Bot) screenBounds() (w, h int) {
	if w, h, err := ParseResolution(b.cfg.ScreenResolution); err == nil {
		return w, h
	}
	return MaxWidth, MaxHeight
}

func (b *Bot) openScreen(spec media.Spec, fps, maxW, maxH int) (videoInput, error) {
	src, err := screen.Open(b.ctx, spec.Arg, screen.Options{FPS: fps, MaxWidth: maxW, MaxHeight: maxH})
	if err != nil {
		return videoInput{}, namingDevice(spec, err)
	}
	w, h := src.Size()
	return videoInput{src: src, width: w, height: h, fps: fps}, nil
}

func (b *Bot) openCamera(spec media.Spec, fps, maxW, maxH int) (videoInput, error) {
	src, err := camera.Open(b.ctx, spec.Arg, camera.Options{Width: maxW, Height: maxH, FPS: fps})
	if err != nil {
		return videoInput{}, namingDevice(spec, err)
	}
	f := src.Format()
	w, h := yuv.FitSize(f.Width, f.Height, maxW, maxH)
	return videoInput{src: src, width: w, height: h, fps: fps}, nil
}

// openAudio opens source's samples: synthetic, a capture device or a WAV
// file, all as 48 kHz mono.
func (b *Bot) openAudio(spec media.Spec) (encode.SampleSource, error) {
	switch spec.Kind {
	case media.SourceFile:
		return file.OpenAudio(spec.Arg, file.AudioOptions{Loop: b.cfg.Loop})
	case media.SourceDevice:
		src, err := mic.Open(b.ctx, spec.Arg)
		if err != nil {
			return nil, namingDevice(spec, err)
		}
		return src, nil
	}
	return synthetic.NewAudioSource(encode.AudioSampleRate, 1)
}

// namingDevice makes sure a device's error names the device the user
// asked for, when they asked for one.
func namingDevice(spec media.Spec, err error) error {
	if spec.Arg == "" || strings.Contains(err.Error(), spec.Arg) {
		return err
	}
	return fmt.Errorf("%s: %w", spec, err)
}
