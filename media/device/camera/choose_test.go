package camera

import (
	"errors"
	"testing"

	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/prop"
)

func mode(f frame.Format, w, h int, fps float32) prop.Media {
	return prop.Media{Video: prop.Video{FrameFormat: f, Width: w, Height: h, FrameRate: fps}}
}

func TestChoose(t *testing.T) {
	// A typical UVC webcam: raw YUYV is slow at large sizes, MJPEG is not.
	uvc := []prop.Media{
		mode(frame.FormatYUYV, 640, 480, 30),
		mode(frame.FormatYUYV, 1280, 720, 10),
		mode(frame.FormatYUYV, 1920, 1080, 5),
		mode(frame.FormatMJPEG, 640, 480, 30),
		mode(frame.FormatMJPEG, 1280, 720, 30),
		mode(frame.FormatMJPEG, 1920, 1080, 30),
	}
	tests := []struct {
		name  string
		props []prop.Media
		w, h  int
		fps   float64
		want  prop.Media
	}{
		{"raw format wins at equal size and rate", uvc, 640, 480, 30, uvc[0]},
		{"keeping up beats the raw format", uvc, 1280, 720, 30, uvc[4]},
		{"a slow raw mode is fine when it keeps up", uvc, 1280, 720, 10, uvc[1]},
		{"nearest covering size", uvc, 800, 600, 30, uvc[4]},
		{"covering beats nearer smaller", []prop.Media{
			mode(frame.FormatI420, 1200, 700, 30),
			mode(frame.FormatI420, 1920, 1080, 30),
		}, 1280, 720, 30, mode(frame.FormatI420, 1920, 1080, 30)},
		{"largest when none covers", uvc, 3840, 2160, 30, uvc[5]},
		{"keeping up beats a nearer size", []prop.Media{
			mode(frame.FormatI420, 1280, 720, 15),
			mode(frame.FormatI420, 1920, 1080, 30),
		}, 1280, 720, 30, mode(frame.FormatI420, 1920, 1080, 30)},
		{"29.97 keeps up with 30", []prop.Media{
			mode(frame.FormatMJPEG, 1280, 720, 29.97),
			mode(frame.FormatYUYV, 1920, 1080, 30),
		}, 1280, 720, 30, mode(frame.FormatMJPEG, 1280, 720, 29.97)},
		{"nearest rate among those keeping up", []prop.Media{
			mode(frame.FormatYUYV, 640, 480, 60),
			mode(frame.FormatYUYV, 640, 480, 30),
		}, 640, 480, 25, mode(frame.FormatYUYV, 640, 480, 30)},
		{"unknown rate counts as keeping up", []prop.Media{
			mode(frame.FormatYUYV, 640, 480, 0),
			mode(frame.FormatYUYV, 1280, 720, 5),
		}, 640, 480, 30, mode(frame.FormatYUYV, 640, 480, 0)},
		{"format order", []prop.Media{
			mode(frame.FormatMJPEG, 640, 480, 30),
			mode(frame.FormatYUYV, 640, 480, 30),
			mode(frame.FormatNV12, 640, 480, 30),
			mode(frame.FormatI420, 640, 480, 30),
		}, 640, 480, 30, mode(frame.FormatI420, 640, 480, 30)},
		{"NV12 before YUYV", []prop.Media{
			mode(frame.FormatYUYV, 640, 480, 30),
			mode(frame.FormatNV12, 640, 480, 30),
		}, 640, 480, 30, mode(frame.FormatNV12, 640, 480, 30)},
		{"unusable formats are skipped", []prop.Media{
			mode(frame.FormatZ16, 1280, 720, 30),
			mode(frame.FormatYUYV, 320, 240, 30),
		}, 1280, 720, 30, mode(frame.FormatYUYV, 320, 240, 30)},
		{"odd raw sizes are skipped", []prop.Media{
			mode(frame.FormatI420, 641, 480, 30),
			mode(frame.FormatMJPEG, 641, 481, 30),
		}, 640, 480, 30, mode(frame.FormatMJPEG, 641, 481, 30)},
		{"zero asks for the defaults", uvc, 0, 0, 0, uvc[4]},
		{"first of equals", []prop.Media{
			mode(frame.FormatYUYV, 640, 480, 30),
			mode(frame.FormatYUYV, 640, 480, 30),
		}, 640, 480, 30, mode(frame.FormatYUYV, 640, 480, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Choose(tt.props, tt.w, tt.h, tt.fps)
			if err != nil {
				t.Fatal(err)
			}
			if got.Video != tt.want.Video {
				t.Errorf("Choose(%dx%d@%v) = %+v, want %+v", tt.w, tt.h, tt.fps, got.Video, tt.want.Video)
			}
		})
	}
}

func TestChooseNoFormat(t *testing.T) {
	for _, props := range [][]prop.Media{
		nil,
		{mode(frame.FormatZ16, 640, 480, 30), mode(frame.FormatRGBA, 640, 480, 30)},
	} {
		_, err := Choose(props, 640, 480, 30)
		if !errors.Is(err, ErrNoFormat) {
			t.Errorf("Choose(%v) error = %v, want ErrNoFormat", props, err)
		}
	}
}
