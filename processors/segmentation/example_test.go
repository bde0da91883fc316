package segmentation_test

import (
	"fmt"
	"image"
	"log"

	"github.com/lkbot/lkbot/processors/segmentation"
)

// Segment a frame with the landscape model and scale the mask to the frame.
func ExampleSegmenter() {
	s, err := segmentation.NewSegmenter(segmentation.Landscape)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	frame := image.NewYCbCr(image.Rect(0, 0, 640, 360), image.YCbCrSubsampleRatio420)
	var mask, full segmentation.Mask
	if err := s.Segment(frame, &mask); err != nil {
		log.Fatal(err)
	}
	mask.ResizeInto(&full, 640, 360)
	fmt.Printf("model mask %dx%d, frame mask %dx%d\n", mask.Width, mask.Height, full.Width, full.Height)
	// Output: model mask 256x144, frame mask 640x360
}
