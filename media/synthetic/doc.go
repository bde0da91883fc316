// Package synthetic generates live raw media for lkbot to encode and
// publish: I420 video frames with a machine-readable stamp, and speech-like
// 16-bit PCM audio. Both are deterministic, cheap, and allocate nothing per
// frame once set up.
//
// # Video stamp
//
// Every frame from [VideoSource.Next] carries a stamp at its very top so a
// receiver can tell which frame it got and when it was captured, even after
// encoding, simulcast scaling and decoding. The layout, which other peers
// (such as the Node.js test peer) decode independently:
//
//   - Block size B = width/32 (integer division); blocks are B×B squares.
//   - Three rows of 32 blocks at the top: row r covers y in [r*B, (r+1)*B),
//     block i covers x in [i*B, (i+1)*B). Pixels right of 32*B in those rows
//     are luma 16.
//   - A 1-bit is luma 235, a 0-bit is luma 16; chroma of the stamp band is
//     128. Bits are most significant first: block 0 holds bit 31.
//   - Row 0 is the frame number. Row 1 is the capture time in Unix
//     milliseconds modulo 2^32. Row 2 is the check word: 0xA5C3 in the upper
//     16 bits, and uint16(x ^ x>>16) with x = frame ^ captureMs in the lower.
//
// [ReadStamp] decodes a frame of any width w >= 32 with B = w/32: it averages
// the luma of the centred square of each block that leaves a margin of B/4
// on every side, reads a mean of 128 or more as 1, and accepts the stamp
// only if the check word matches. A frame scaled down by k still decodes
// when its source width is a multiple of 32*k, because the block grid then
// scales to whole pixels: 1280x720 decodes at 640x360 and 320x180.
package synthetic
