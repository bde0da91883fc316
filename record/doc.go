// Package record writes what a bot receives to playable files: one file
// per track (WebM for VP8, VP9 and Opus; Matroska for H.264; Ogg for
// audio alone), started at a keyframe, timed by the publisher's sender
// reports, flushed every second so that a killed recorder loses at most
// two seconds, and finished with duration and cues when the track or the
// bot ends. A manifest.json beside the files says what was written.
//
// A Recorder is a bot.TrackSink: give it to bot.Params.Sink.
package record
