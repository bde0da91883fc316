// Package sample sends encoded media files as they are, without decoding or
// re-encoding: IVF (VP8, VP9), Ogg/Opus and H.264 Annex-B.
//
// Open indexes a file (offsets, durations, keyframe flags) without loading
// its payload; a Player reads one sample at a time and hands it to a Writer,
// paced by media time, as a LocalTrack expects. Because a file cannot make a
// keyframe on demand, a Player that is unmuted waits for the file's next
// keyframe, and keyframe requests from receivers go unanswered.
package sample
