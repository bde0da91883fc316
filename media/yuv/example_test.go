package yuv_test

import (
	"fmt"
	"image"

	"github.com/lkbot/lkbot/media/yuv"
)

// A 1080p screen grab is sent at no more than 1280x720: FitSize picks the
// size, Convert converts and scales into it.
func Example() {
	grab := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	for i := 0; i < len(grab.Pix); i += 4 {
		copy(grab.Pix[i:], []byte{255, 255, 255, 255})
	}
	w, h := yuv.FitSize(1920, 1080, 1280, 720)
	frame := yuv.NewI420(w, h)
	yuv.Convert(frame, grab, yuv.Limited)
	fmt.Println(w, h, frame.Y[0], frame.Cb[0], frame.Cr[0])
	// Output: 1280 720 235 128 128
}

func ExampleFitSize() {
	fmt.Println(yuv.FitSize(1440, 1080, 1280, 720)) // 4:3 in 16:9
	fmt.Println(yuv.FitSize(640, 480, 1280, 720))   // never upscaled
	// Output:
	// 960 720
	// 640 480
}

// A JPEG decodes to full-range YCbCr, which encoders would show washed
// out; Convert maps it to the limited range they expect.
func ExampleConvert() {
	jpegBlack := image.NewYCbCr(image.Rect(0, 0, 2, 2), image.YCbCrSubsampleRatio444)
	for i := range jpegBlack.Cb {
		jpegBlack.Cb[i], jpegBlack.Cr[i] = 128, 128
	}
	frame := yuv.NewI420(2, 2)
	yuv.Convert(frame, jpegBlack, yuv.Full)
	fmt.Println(frame.Y[0], frame.Cb[0], frame.Cr[0])
	// Output: 16 128 128
}
