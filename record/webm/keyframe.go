package webm

import (
	"github.com/lkbot/lkbot/media/h264"
	"github.com/lkbot/lkbot/media/stats"
)

// keyframeSize reads the picture size coded in a keyframe; ok is false
// when data is not a keyframe the writer can read.
func keyframeSize(codec string, data []byte) (w, h int, ok bool) {
	switch codec {
	case "vp8":
		w, h, ok = stats.VP8FrameSize(data)
		return w, h, ok && w > 0 && h > 0
	case "vp9":
		return stats.VP9FrameSize(data)
	case "h264":
		sps, _ := parameterSets(data)
		if len(sps) == 0 {
			return 0, 0, false
		}
		s, err := h264.ParseSPS(sps[0])
		return s.Width, s.Height, err == nil && s.Width > 0 && s.Height > 0
	}
	return 0, 0, false
}
