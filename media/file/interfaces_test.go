package file

import (
	"image"
	"time"
)

// The sources satisfy encode.FrameSource and encode.SampleSource, whose
// method sets these repeat, without this package importing the encoders.
var (
	_ interface {
		Next(dst *image.YCbCr, frameNumber uint32, capture time.Time)
	} = (*VideoSource)(nil)
	_ interface{ Next(dst []int16) } = (*AudioSource)(nil)
)
