package segmentation

import (
	"fmt"
	"strings"
)

// Default models. They differ on purpose: a camera in a call is landscape,
// where the 16:9 model does half the work of the square one, while a still
// image may have any aspect ratio, which only the square model suits.
const (
	// DefaultCameraModel is the model lkbot join uses for a camera.
	DefaultCameraModel = Landscape
	// DefaultImageModel is the model lkbot blur uses for a still image.
	DefaultImageModel = General
)

// ModelNames lists the names ParseModelKind accepts.
func ModelNames() []string {
	return []string{Landscape.String(), General.String()}
}

// ParseModelKind returns the model kind a name (as String gives it) names.
func ParseModelKind(name string) (ModelKind, error) {
	for _, k := range []ModelKind{Landscape, General} {
		if name == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: %q (want %s)", ErrUnknownModel, name, strings.Join(ModelNames(), " or "))
}
