// C helpers for the libvpx encoder wrapper. Everything here uses libvpx's
// public API only; the structs live in C memory so that libvpx never holds
// a pointer into Go memory after a call returns.
#ifndef LKBOT_VPXENC_H
#define LKBOT_VPXENC_H

#include <vpx/vp8cx.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_image.h>

// lkbot_vpx is one encoder: libvpx's context and the configuration it was
// built from. live says whether ctx is initialised.
typedef struct lkbot_vpx {
  vpx_codec_ctx_t ctx;
  vpx_codec_enc_cfg_t cfg;
  int live;
} lkbot_vpx;

// lkbot_iface returns the encoder interface of codec 8 (VP8) or 9 (VP9),
// or NULL.
vpx_codec_iface_t *lkbot_iface(int codec);

// lkbot_control sets an integer control; every control lkbot uses takes an
// int or an unsigned int, which travel alike through vpx_codec_control_'s
// variadic argument.
vpx_codec_err_t lkbot_control(vpx_codec_ctx_t *ctx, int id, int value);

// lkbot_encode encodes one I420 frame of the configured size whose planes
// are caller memory, described by an image on the C stack: libvpx copies
// the picture before it returns (lag_in_frames is 0), so no pointer to the
// planes outlives the call.
vpx_codec_err_t lkbot_encode(lkbot_vpx *e, unsigned char *y, unsigned char *u,
                             unsigned char *v, int y_stride, int c_stride,
                             vpx_codec_pts_t pts, vpx_enc_frame_flags_t flags);

// lkbot_packet returns the next compressed-frame packet of the last encode,
// skipping other kinds, or NULL; buf, size and key describe it.
const vpx_codec_cx_pkt_t *lkbot_packet(vpx_codec_ctx_t *ctx,
                                       vpx_codec_iter_t *iter, void **buf,
                                       size_t *size, int *key);

#endif
