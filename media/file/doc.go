// Package file publishes raw media files through lkbot's own encoders:
// YUV4MPEG2 (y4m) video and PNG or JPEG stills as an encode.FrameSource,
// and WAV audio, downmixed to mono and resampled to 48 kHz, as an
// encode.SampleSource. Already-encoded files (IVF, Ogg, H.264 Annex B) are
// only recognised here, by Detect; another package sends them as samples.
//
// Video is paced by media time, not by calls: the first Next's capture time
// is the file's time zero, so a 25 fps file plays 25 frames of content per
// second whatever rate the encoder captures at. Files are read as they
// play, never loaded whole; a decoded still is kept once.
package file
