package segmentation

import (
	_ "embed"
	"fmt"
)

// ModelKind selects one of the two selfie segmentation models.
type ModelKind int

const (
	// General is the square model: 256x256 input, for any aspect ratio.
	General ModelKind = iota
	// Landscape is the 256x144 (16:9) model; it is about half the work of
	// General and suits landscape video calls.
	Landscape
)

var (
	//go:embed models/selfie_segmentation.tflite
	generalModel []byte
	//go:embed models/selfie_segmentation_landscape.tflite
	landscapeModel []byte
)

// String names the model kind.
func (k ModelKind) String() string {
	switch k {
	case General:
		return "general"
	case Landscape:
		return "landscape"
	}
	return fmt.Sprintf("ModelKind(%d)", int(k))
}

// data returns the embedded TFLite file of the model kind.
func (k ModelKind) data() ([]byte, error) {
	switch k {
	case General:
		return generalModel, nil
	case Landscape:
		return landscapeModel, nil
	}
	return nil, fmt.Errorf("%w: %v", ErrUnknownModel, k)
}
