package file

import (
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/lkbot/lkbot/media/yuv"
)

// decodeStill decodes a PNG or JPEG picture into a limited-range I420
// frame of its own size. It checks the size in the header first, so that
// a crafted header cannot make the decoder allocate gigabytes.
func decodeStill(r io.ReadSeeker, format Format) (*image.YCbCr, error) {
	decodeConfig, decode := png.DecodeConfig, png.Decode
	if format == FormatJPEG {
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	}
	cfg, err := decodeConfig(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %s header: %v", ErrFormat, format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxSide || cfg.Height > maxSide {
		return nil, fmt.Errorf("%w: %s picture of %dx%d: lkbot reads up to %dx%d",
			ErrUnsupported, format, cfg.Width, cfg.Height, maxSide, maxSide)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, err := decode(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", stillError(err), format, err)
	}
	b := img.Bounds()
	frame := yuv.NewI420(b.Dx(), b.Dy())
	// JPEG codes YCbCr in full range (JFIF); PNG is RGB, where the range
	// does not apply.
	yuv.Convert(frame, img, yuv.Full)
	return frame, nil
}

// stillError picks the sentinel for a decoder's error: a picture cut
// short is truncated, a feature the decoder lacks unsupported.
func stillError(err error) error {
	switch err.(type) {
	case png.UnsupportedError, jpeg.UnsupportedError:
		return ErrUnsupported
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return ErrTruncated
	}
	return ErrFormat
}
