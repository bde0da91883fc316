// Package webm writes recorded tracks to WebM (VP8, VP9, Opus) and
// Matroska (H.264) files, one track or a participant's camera and
// microphone muxed together.
//
// Every block carries the caller's media time, so a paused track leaves a
// gap rather than a shift. Blocks of different tracks are put in time order
// by a small ordering buffer (Options.Interleave) before they are written.
// Clusters are written whole, in one write each, at least every
// Options.ClusterInterval, inside a segment whose size is left unknown
// until Close: a file cut short by a killed process plays up to its last
// cluster. Close adds the duration, the cues and the segment size, so that
// players can seek.
package webm
