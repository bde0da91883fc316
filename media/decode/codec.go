package decode

import (
	"strings"

	"github.com/lkbot/lkbot/media/encode/libvpx"
)

// Codec selects one of libvpx's decoders: the same numbers as its
// encoders', which media/encode/libvpx defines.
type Codec = libvpx.Codec

// The codecs Decoder decodes.
const (
	VP8 = libvpx.VP8
	VP9 = libvpx.VP9
)

// CodecOf returns the decoder codec of an SDP MIME type such as
// "video/VP8", and false for codecs this package does not decode (H.264,
// AV1, audio).
func CodecOf(mimeType string) (Codec, bool) {
	switch strings.ToLower(mimeType) {
	case "video/vp8":
		return VP8, true
	case "video/vp9":
		return VP9, true
	}
	return 0, false
}
