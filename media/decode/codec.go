package decode

import (
	"fmt"
	"strings"
)

// Codec selects one of libvpx's decoders.
type Codec int

// The codecs Decoder decodes. The values are the C helper's codec numbers.
const (
	VP8 Codec = 8
	VP9 Codec = 9
)

// String returns the codec's lower-case name, as lkbot's CLI spells it.
func (c Codec) String() string {
	switch c {
	case VP8:
		return "vp8"
	case VP9:
		return "vp9"
	}
	return fmt.Sprintf("codec(%d)", int(c))
}

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
