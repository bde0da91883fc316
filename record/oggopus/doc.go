// Package oggopus writes a recorded Opus track to an Ogg file (RFC 7845),
// packet by packet, at the media times the caller gives.
//
// Granule positions follow the given times: a stretch with no packets (a
// mute) is filled with silent Opus frames, so that the granule position,
// and every player, keeps the time. Pages are written whole, at least
// every Options.PageInterval, so a file cut short by a killed process
// plays up to its last page; Close ends the stream with an EOS page.
package oggopus
