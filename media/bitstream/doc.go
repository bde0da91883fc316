// Package bitstream reads codec headers coded most significant bit first:
// fixed-width fields and the exp-Golomb codes of H.264 (ITU-T H.264 7.2).
// media/h264 reads sequence parameter sets with it, and the VP9 readers
// in media/stats and media/sample their uncompressed headers.
package bitstream
