// Package reception turns one received track's RTP packets into whole
// frames with wall-clock times, for recording.
//
// A Track reorders packets in pion's sample builder, depacketises each
// frame with the codec's pion/rtp depacketiser (H.264 as Annex B), starts
// at a keyframe, gives up frames after a loss until the next keyframe
// (asking the sender for one, at most once a second), and maps RTP time to
// the sender's wall clock through its RTCP sender reports.
//
// Jitter buffer: pion/webrtc's pkg/media/samplebuilder, not lksdk's
// pkg/samplebuilder. lksdk's is smaller (it holds 2*maxLate slots where
// pion's holds two 64Ki-entry tables, about 1 MiB per track) and hands
// back packets as soon as a frame's marker arrives, but it starts a new
// frame at every packet its depacketiser calls a partition head: for H.264
// that is every NAL unit that is not a fragment continuation, so SPS/PPS,
// the IDR slice and each further slice come out as separate "frames" of
// one timestamp. pion's groups packets by marker bit or timestamp change
// and checks the head only on a frame's first packet, which gives whole
// access units (and whole VP9 superframes, and VP8 frames whose later
// partitions set S). Its cost is one frame of delay (a frame is released
// when the next one's first packet arrives) and the memory above; Flush
// releases the last frame.
//
// The builder is used for reordering and grouping only. Its depacketiser
// (rawChunks) hands back sequence numbers; the Track depacketises from its
// own packet copies and decides gaps by sequence numbers itself, because
// the builder, while it purges or flushes, rebuilds packets it already
// handed out, skips the packet after a headless frame, and drops a frame
// whose depacketising fails without counting it. A sequence number far
// from the newest restarts the builder rather than let it purge a huge
// window in quadratic time.
package reception
