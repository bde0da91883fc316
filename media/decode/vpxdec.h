// C helpers for the libvpx decoder wrapper. Everything here uses libvpx's
// public API only. The decoder and the copy of each frame's bytes live in
// C memory, so that libvpx never holds a pointer into Go memory after a
// call returns.
#ifndef LKBOT_VPXDEC_H
#define LKBOT_VPXDEC_H

#include <stddef.h>
#include <vpx/vp8dx.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vpx_image.h>

// lkbot_vpxdec is one decoder: libvpx's context, whether it is
// initialised, and a buffer the compressed frame is copied into.
typedef struct lkbot_vpxdec {
  vpx_codec_ctx_t ctx;
  int live;
  unsigned char *buf;
  size_t cap;
} lkbot_vpxdec;

// lkbot_dec_iface returns the decoder interface of codec 8 (VP8) or 9
// (VP9), or NULL.
vpx_codec_iface_t *lkbot_dec_iface(int codec);

// lkbot_dec_open initialises d's context for codec with one thread.
vpx_codec_err_t lkbot_dec_open(lkbot_vpxdec *d, int codec);

// lkbot_dec_peek reads the frame size of a keyframe (or VP9 intra-only
// frame) without decoding it; w and h stay 0 for other frames.
vpx_codec_err_t lkbot_dec_peek(int codec, const unsigned char *data,
                               size_t size, unsigned int *w, unsigned int *h);

// lkbot_dec_decode copies size bytes of data into d's buffer, decodes
// them and returns the last picture they produced in *img (NULL if none).
// The picture belongs to libvpx and is valid until the next call.
vpx_codec_err_t lkbot_dec_decode(lkbot_vpxdec *d, const unsigned char *data,
                                 size_t size, vpx_image_t **img);

// lkbot_dec_close destroys the context, if live, and frees the buffer; d
// itself stays the caller's to free.
void lkbot_dec_close(lkbot_vpxdec *d);

#endif
