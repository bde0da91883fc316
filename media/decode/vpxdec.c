#include <stdlib.h>
#include <string.h>

#include "vpxdec.h"

vpx_codec_iface_t *lkbot_dec_iface(int codec) {
  switch (codec) {
    case 8:
      return vpx_codec_vp8_dx();
    case 9:
      return vpx_codec_vp9_dx();
  }
  return NULL;
}

vpx_codec_err_t lkbot_dec_open(lkbot_vpxdec *d, int codec) {
  vpx_codec_iface_t *iface = lkbot_dec_iface(codec);
  vpx_codec_dec_cfg_t cfg;
  vpx_codec_err_t rc;
  if (iface == NULL) {
    return VPX_CODEC_INVALID_PARAM;
  }
  memset(&cfg, 0, sizeof cfg);
  cfg.threads = 1;
  rc = vpx_codec_dec_init(&d->ctx, iface, &cfg, 0);
  if (rc == VPX_CODEC_OK) {
    d->live = 1;
  }
  return rc;
}

vpx_codec_err_t lkbot_dec_peek(int codec, const unsigned char *data,
                               size_t size, unsigned int *w, unsigned int *h) {
  vpx_codec_iface_t *iface = lkbot_dec_iface(codec);
  vpx_codec_stream_info_t si;
  vpx_codec_err_t rc;
  *w = 0;
  *h = 0;
  if (iface == NULL || size > 0xffffffffu) {
    return VPX_CODEC_INVALID_PARAM;
  }
  memset(&si, 0, sizeof si);
  si.sz = sizeof si;
  rc = vpx_codec_peek_stream_info(iface, data, (unsigned int)size, &si);
  if (rc == VPX_CODEC_OK) {
    *w = si.w;
    *h = si.h;
  }
  return rc;
}

vpx_codec_err_t lkbot_dec_decode(lkbot_vpxdec *d, const unsigned char *data,
                                 size_t size, vpx_image_t **img) {
  vpx_codec_iter_t iter = NULL;
  vpx_image_t *got;
  vpx_codec_err_t rc;
  *img = NULL;
  if (!d->live || size == 0 || size > 0xffffffffu) {
    return VPX_CODEC_INVALID_PARAM;
  }
  if (size > d->cap) {
    unsigned char *buf = realloc(d->buf, size);
    if (buf == NULL) {
      return VPX_CODEC_MEM_ERROR;
    }
    d->buf = buf;
    d->cap = size;
  }
  memcpy(d->buf, data, size);
  rc = vpx_codec_decode(&d->ctx, d->buf, (unsigned int)size, NULL, 0);
  if (rc != VPX_CODEC_OK) {
    return rc;
  }
  while ((got = vpx_codec_get_frame(&d->ctx, &iter)) != NULL) {
    *img = got;
  }
  return VPX_CODEC_OK;
}

void lkbot_dec_close(lkbot_vpxdec *d) {
  if (d->live) {
    vpx_codec_destroy(&d->ctx);
    d->live = 0;
  }
  free(d->buf);
  d->buf = NULL;
  d->cap = 0;
}
