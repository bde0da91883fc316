// Package webm writes recorded tracks to WebM (VP8, VP9, Opus) and
// Matroska (H.264) files, one track or a participant's camera and
// microphone muxed together.
//
// Every block carries the caller's media time, so a paused track leaves a
// gap rather than a shift. Blocks of different tracks are put in time order
// by a small ordering buffer (Options.Interleave) before they are written;
// one that comes too late for that is dropped (audio, which the decoder
// conceals) or written at the latest time already written (video, whose
// later frames need it), and counted in Stats either way. Times are kept
// per track in the order given: streams with B-frames, whose presentation
// times go back and forth, are not supported (WebRTC sends none).
//
// Clusters are built in memory and written in one write each, with their
// size known, at least every Options.ClusterInterval of media, inside a
// segment whose size is left unknown until Close: a file cut short by a
// killed process plays up to its last cluster. Close adds the duration,
// the cues and the segment size, so that players can seek. The header is
// encoded with github.com/at-wat/ebml-go; its block writer is not used,
// because it drops blocks that come out of order across tracks and
// reports write errors only asynchronously.
package webm
