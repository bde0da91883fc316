package libvpx

// #include "vpxenc.h"
import "C"

import "fmt"

// Codec selects one of libvpx's encoders.
type Codec int

// The codecs libvpx encodes. The values are the C helper's codec numbers.
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

// iface returns libvpx's encoder interface for c, or an error if c is not
// a codec libvpx was built with.
func (c Codec) iface() (*C.vpx_codec_iface_t, error) {
	if c != VP8 && c != VP9 {
		return nil, fmt.Errorf("%w %d (want libvpx.VP8 or libvpx.VP9)", ErrUnknownCodec, int(c))
	}
	iface := C.lkbot_iface(C.int(c))
	if iface == nil {
		return nil, fmt.Errorf("%w: this libvpx has no %s encoder", ErrLibvpx, c)
	}
	if C.vpx_codec_get_caps(iface)&C.VPX_CODEC_CAP_ENCODER == 0 {
		return nil, fmt.Errorf("%w: this libvpx's %s interface cannot encode", ErrLibvpx, c)
	}
	return iface, nil
}
