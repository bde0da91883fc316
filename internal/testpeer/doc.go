// Package testpeer runs independent LiveKit participants for tests.
//
// NodePeer drives node/peer.mjs, a participant built on @livekit/rtc-node
// (LiveKit's Rust SDK for Node), so lkbot is checked against code that no
// one here wrote. The peer reports what it sees as JSON events (Event) and
// obeys JSON commands (SendData, PerformRPC, ...). It needs Node.js 20 or
// later and `make testdeps` (npm ci in node/).
package testpeer
