package decode

/*
#cgo pkg-config: vpx
#include <stdlib.h>
#include "vpxdec.h"
*/
import "C"

import (
	"fmt"
	"image"
	"sync"
	"unsafe"
)

// MaxPixels bounds the picture a keyframe may announce (DCI 4K, above
// the largest camera lkbot publishes): a corrupt header claiming
// 16383x16383 would make libvpx allocate about 400 MB before it finds
// out.
const MaxPixels = 4096 * 2160

// Decoder is one libvpx VP8 or VP9 decoder. Its methods are serialised;
// one goroutine normally owns it.
type Decoder struct {
	codec Codec

	mu  sync.Mutex
	c   *C.lkbot_vpxdec // C memory; nil once closed
	img *image.YCbCr    // reused for every picture of the same size
}

// NewDecoder returns a decoder for c. Close frees it.
func NewDecoder(c Codec) (*Decoder, error) {
	if c != VP8 && c != VP9 {
		return nil, fmt.Errorf("new decoder: %w %d (want decode.VP8 or decode.VP9)", ErrUnknownCodec, int(c))
	}
	d := &Decoder{codec: c, c: (*C.lkbot_vpxdec)(C.calloc(1, C.sizeof_lkbot_vpxdec))}
	if d.c == nil {
		return nil, fmt.Errorf("new %s decoder: out of memory", c)
	}
	if rc := C.lkbot_dec_open(d.c, C.int(c)); rc != C.VPX_CODEC_OK {
		err := libvpxError(d.c, "init", rc)
		d.Close()
		return nil, fmt.Errorf("new %s decoder: %w", c, err)
	}
	return d, nil
}

// Codec returns the codec d decodes.
func (d *Decoder) Codec() Codec { return d.codec }

// Decode decodes one whole compressed frame (for VP9, a superframe). It
// returns the picture the frame shows, or nil when it shows none (a VP9
// frame that is only a reference). The picture is d's: it stays valid
// until the next Decode or Close, which reuse its memory. A frame libvpx
// cannot decode returns an error wrapping ErrCorrupt; the frames after it
// decode correctly only from the next keyframe.
func (d *Decoder) Decode(frame []byte) (*image.YCbCr, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.c == nil {
		return nil, fmt.Errorf("decode %s: %w", d.codec, ErrClosed)
	}
	if len(frame) == 0 {
		return nil, fmt.Errorf("decode %s: %w: empty frame", d.codec, ErrCorrupt)
	}
	data := (*C.uchar)(unsafe.Pointer(&frame[0]))
	var w, h C.uint
	C.lkbot_dec_peek(C.int(d.codec), data, C.size_t(len(frame)), &w, &h)
	if uint64(w)*uint64(h) > MaxPixels {
		return nil, fmt.Errorf("decode %s: %w: keyframe announces %dx%d, more than %d pixels", d.codec, ErrCorrupt, w, h, MaxPixels)
	}
	var img *C.vpx_image_t
	if rc := C.lkbot_dec_decode(d.c, data, C.size_t(len(frame)), &img); rc != C.VPX_CODEC_OK {
		return nil, fmt.Errorf("decode %s: %w: %w", d.codec, ErrCorrupt, libvpxError(d.c, "decode", rc))
	}
	if img == nil {
		return nil, nil
	}
	out, err := d.copyPicture(img)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", d.codec, err)
	}
	return out, nil
}

// Close frees the decoder and its C memory. It is safe to call more than
// once.
func (d *Decoder) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.c == nil {
		return nil
	}
	C.lkbot_dec_close(d.c)
	C.free(unsafe.Pointer(d.c))
	d.c, d.img = nil, nil
	return nil
}

// libvpxError describes a failed call with libvpx's own words.
func libvpxError(c *C.lkbot_vpxdec, op string, rc C.vpx_codec_err_t) error {
	msg := C.GoString(C.vpx_codec_err_to_string(rc))
	if c != nil && c.live != 0 {
		if detail := C.vpx_codec_error_detail(&c.ctx); detail != nil {
			msg += ": " + C.GoString(detail)
		}
	}
	return fmt.Errorf("%w %s: %s", ErrLibvpx, op, msg)
}
