package camera

import (
	"fmt"
	"math"
	"slices"

	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/prop"
)

// Defaults for what Options and Choose leave at zero.
const (
	DefaultWidth  = 1280
	DefaultHeight = 720
	DefaultFPS    = 30
)

// formatRank lists the formats a Source converts, best first: planar and
// semi-planar 4:2:0 only need copying, packed 4:2:2 needs its chroma
// halved, and MJPEG must be decoded at a cost of several ms per frame.
var formatRank = []frame.Format{
	frame.FormatI420,
	frame.FormatNV12,
	frame.FormatNV21,
	frame.FormatYUYV,
	frame.FormatUYVY,
	frame.FormatMJPEG,
}

// fpsSlack lets a camera that reports 29.97 fps count as 30.
const fpsSlack = 0.97

// Choose picks the camera mode closest to w×h at fps; zero values take
// DefaultWidth, DefaultHeight and DefaultFPS. Modes in a format that cannot
// be converted, and raw modes of odd size, are skipped. The rest are
// ordered by, in turn:
//
//  1. covering the size: Width ≥ w and Height ≥ h beats smaller modes, as
//     scaling down loses less than scaling up;
//  2. keeping up: a FrameRate of at least 97% of fps, or an unknown (zero)
//     one, beats a slower mode;
//  3. the smallest difference between the mode's area and w·h;
//  4. the smallest difference between FrameRate and fps (unknown counts as 0);
//  5. the format: I420, NV12, NV21, YUYV, UYVY, then MJPEG;
//  6. the order of props.
//
// It returns ErrNoFormat when no mode is usable.
func Choose(props []prop.Media, w, h int, fps float64) (prop.Media, error) {
	if w <= 0 || h <= 0 {
		w, h = DefaultWidth, DefaultHeight
	}
	if fps <= 0 {
		fps = DefaultFPS
	}
	best, found := prop.Media{}, false
	var bestKey modeKey
	for _, p := range props {
		k, ok := keyOf(p, w, h, fps)
		if !ok {
			continue
		}
		if !found || k.less(bestKey) {
			best, bestKey, found = p, k, true
		}
	}
	if !found {
		return prop.Media{}, fmt.Errorf("%w; it offers %s", ErrNoFormat, describe(props))
	}
	return best, nil
}

// modeKey is a mode's rank for Choose; smaller is better in every field.
type modeKey struct {
	short, slow       bool
	areaDiff, fpsDiff float64
	format            int
}

func keyOf(p prop.Media, w, h int, fps float64) (modeKey, bool) {
	rank := slices.Index(formatRank, p.FrameFormat)
	if rank < 0 || p.Width <= 0 || p.Height <= 0 {
		return modeKey{}, false
	}
	// The driver lays raw frames out for even sizes only.
	if p.FrameFormat != frame.FormatMJPEG && (p.Width%2 != 0 || p.Height%2 != 0) {
		return modeKey{}, false
	}
	rate := float64(p.FrameRate)
	return modeKey{
		short:    p.Width < w || p.Height < h,
		slow:     rate != 0 && rate < fps*fpsSlack,
		areaDiff: math.Abs(float64(p.Width*p.Height) - float64(w*h)),
		fpsDiff:  math.Abs(rate - fps),
		format:   rank,
	}, true
}

func (k modeKey) less(o modeKey) bool {
	switch {
	case k.short != o.short:
		return !k.short
	case k.slow != o.slow:
		return !k.slow
	case k.areaDiff != o.areaDiff:
		return k.areaDiff < o.areaDiff
	case k.fpsDiff != o.fpsDiff:
		return k.fpsDiff < o.fpsDiff
	default:
		return k.format < o.format
	}
}

// describe lists the formats props offer, for an error message.
func describe(props []prop.Media) string {
	var seen []string
	for _, p := range props {
		if f := string(p.FrameFormat); !slices.Contains(seen, f) {
			seen = append(seen, f)
		}
	}
	if len(seen) == 0 {
		return "no modes"
	}
	return fmt.Sprint(seen)
}
