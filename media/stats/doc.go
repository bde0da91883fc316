// Package stats measures what a subscriber receives on one RTP stream:
// codec, resolution, frame rate, bitrate, packets, loss, jitter and
// keyframes (Snapshot, for a bot's track_stats), and the quality figures a
// load test aggregates (Quality).
//
// A Receiver is fed every RTP packet of one SSRC by the goroutine that reads
// the track, and any other goroutine may take a Snapshot or a Quality of
// it. Resolution and keyframes come from the payload itself (VP8, VP9 and
// H.264), so the figures describe the bitstream, not what was negotiated.
//
// Quality, as issue 9 defines it:
//
//   - Loss is RFC 3550 on the media SSRC, both before retransmission and
//     after (residual). LiveKit resends on an RTX stream, which pion's
//     TrackRemote.ReadRTP unwraps into the media SSRC and sequence number
//     and marks with webrtc.AttributeRtxSsrc; the reader passes such
//     packets to PushRepair.
//   - Jitter is RFC 3550's interarrival jitter.
//   - Frames are delimited by the codec's own depacketiser in
//     pion/rtp/codecs (partition head) and the marker bit, without copying
//     payloads. A frame is complete when every packet between arrived, and
//     decodable when, complete, it is a keyframe or the next frame after a
//     decodable one. A frame waits up to 500 ms for a retransmission, as a
//     jitter buffer does.
//   - Freezes follow libwebrtc: an interval between decodable frames of at
//     least max(3 × mean, mean + 150 ms), the mean of the previous 30
//     intervals, once 5 were seen. Pause and Resume leave a mute out.
//   - The harmonic frame rate is Σd/Σd², and the time to first frame
//     counts from MarkStart.
//   - Latency, once PushSenderReport has tied the sender's wall clock to
//     its RTP timestamps, is when each decodable frame (audio packet) was
//     complete minus when the sender captured it; OnLatency hands each one
//     to a histogram.
//   - FeedbackCounter, a pion interceptor, counts the NACKs and PLIs sent.
//
// Everything is driven by the packets and the arrival times given, so tests
// feed synthetic sequences with their own clock.
package stats
