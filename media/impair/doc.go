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
// Decisions come from a pseudo-random generator seeded by the spec's seed,
// the stream's SSRC and the direction, so a run is reproducible packet by
// packet: the same packets in the same order meet the same fate.
package impair
