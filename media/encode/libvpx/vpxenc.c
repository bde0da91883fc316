#include "vpxenc.h"

vpx_codec_iface_t *lkbot_iface(int codec) {
  switch (codec) {
    case 8:
      return vpx_codec_vp8_cx();
    case 9:
      return vpx_codec_vp9_cx();
  }
  return NULL;
}

vpx_codec_err_t lkbot_control(vpx_codec_ctx_t *ctx, int id, int value) {
  return vpx_codec_control_(ctx, id, value);
}

vpx_codec_err_t lkbot_encode(lkbot_vpx *e, unsigned char *y, unsigned char *u,
                             unsigned char *v, int y_stride, int c_stride,
                             vpx_codec_pts_t pts, vpx_enc_frame_flags_t flags) {
  vpx_image_t img;
  if (!vpx_img_wrap(&img, VPX_IMG_FMT_I420, e->cfg.g_w, e->cfg.g_h, 1, y)) {
    return VPX_CODEC_INVALID_PARAM;
  }
  img.planes[VPX_PLANE_U] = u;
  img.planes[VPX_PLANE_V] = v;
  img.stride[VPX_PLANE_Y] = y_stride;
  img.stride[VPX_PLANE_U] = c_stride;
  img.stride[VPX_PLANE_V] = c_stride;
  img.cs = VPX_CS_BT_601;
  img.range = VPX_CR_STUDIO_RANGE;
  return vpx_codec_encode(&e->ctx, &img, pts, 1, flags, VPX_DL_REALTIME);
}

const vpx_codec_cx_pkt_t *lkbot_packet(vpx_codec_ctx_t *ctx,
                                       vpx_codec_iter_t *iter, void **buf,
                                       size_t *size, int *key) {
  const vpx_codec_cx_pkt_t *pkt;
  while ((pkt = vpx_codec_get_cx_data(ctx, iter)) != NULL) {
    if (pkt->kind != VPX_CODEC_CX_FRAME_PKT) {
      continue;
    }
    *buf = pkt->data.frame.buf;
    *size = pkt->data.frame.sz;
    *key = (pkt->data.frame.flags & VPX_FRAME_IS_KEY) != 0;
    return pkt;
  }
  return NULL;
}
