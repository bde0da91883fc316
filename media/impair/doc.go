// Package impair gives one participant a bad network without root: a pion
// interceptor that drops, delays and jitters the RTP packets of one peer
// connection, in each direction separately.
//
// It impairs RTP media only. RTCP (receiver reports, NACKs, PLIs) and data
// channels pass untouched.
//
// Registered before the SDK's own interceptors, it sits next to the
// network in both directions: pion's chain wraps the network's reader and
// writer first with the first interceptor added. So incoming packets are
// dropped before the NACK generator sees them, and the NACK responder's
// retransmissions, like the originals, go out through the impairment.
// Retransmissions coming in (the same SSRC, or an RTX stream) are impaired
// like any other packet, so on a path that retransmits once the residual
// loss is about P².
//
// Each stream's decisions come from a pseudo-random generator seeded by the
// spec's seed, the direction, the codec and the stream's rank among those
// of its codec (not its SSRC, which the SFU picks at random), so a run is
// reproducible packet by packet: the nth packet of a bot's first incoming
// Opus stream meets the same fate in every run with the same seed.
package impair
