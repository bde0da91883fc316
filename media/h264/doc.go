// Package h264 reads what lkbot needs from an H.264 bitstream (ITU-T
// H.264) without decoding it: the picture size and frame rate in a
// sequence parameter set (ParseSPS).
package h264
