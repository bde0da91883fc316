// Package decode turns received video back into pictures: it assembles a
// stream's RTP packets into whole frames with the codec's own
// depacketiser (Assembler), and decodes VP8 and VP9 frames to I420 with
// libvpx's public API (Decoder), so that a subscriber can read the stamp
// the synthetic camera burns into each frame and measure end-to-end
// latency independently of RTCP sender reports.
//
// H.264 is not decoded: the only H.264 decoder within reach is inside
// pion/mediadevices' static openh264, which exposes an encoder only.
// CodecOf reports false for it, and callers measure no decoded latency on
// H.264 tracks.
package decode
