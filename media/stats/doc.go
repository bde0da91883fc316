// Package stats measures what a subscriber receives on one RTP stream:
// codec, resolution, frame rate, bitrate, packets, loss, jitter and
// keyframes.
//
// A Receiver is fed every RTP packet of one SSRC by the goroutine that reads
// the track, and any other goroutine may take a Snapshot of it. Resolution
// and keyframes come from the payload itself (VP8, VP9 and H.264), so the
// figures describe the bitstream, not what was negotiated.
package stats
