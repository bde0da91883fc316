package bot

import (
	"context"
	"fmt"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
)

// dataOpenTimeout bounds SendData's wait for its data channel to open.
const dataOpenTimeout = 10 * time.Second

// Labels of the data channels lksdk opens on the publisher connection; the
// server knows them by these names too.
const (
	reliableChannelLabel = "_reliable"
	lossyChannelLabel    = "_lossy"
)

// waitDataOpen waits, up to limit or until ctx ends, until the publisher
// connection's data channel for this kind of packet is open.
//
// lksdk v2.19 waits for that itself only when the subscriber connection is
// the primary one. When the publisher connection is (a token without
// canSubscribe), lksdk sends as soon as the connection is up: pion refuses
// a packet on a channel that is not open yet, and lksdk ignores the error,
// so the packet is lost without a word. A publisher connection that is
// still new has not been negotiated: lksdk's own send negotiates it and
// waits, so there is nothing to wait for here.
func waitDataOpen(ctx context.Context, room *lksdk.Room, reliable bool, limit time.Duration) error {
	label := lossyChannelLabel
	if reliable {
		label = reliableChannelLabel
	}
	deadline := time.Now().Add(limit)
	for {
		pc := room.LocalParticipant.GetPublisherPeerConnection()
		if pc == nil {
			return nil
		}
		switch pc.ConnectionState() {
		case webrtc.PeerConnectionStateConnecting, webrtc.PeerConnectionStateConnected:
		default:
			return nil
		}
		state, found := dataChannelState(pc, label)
		if !found || state == webrtc.DataChannelStateOpen {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("data channel %s still %s after %s", label, state, limit)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("data channel %s still %s: %w", label, state, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// dataChannelState reads a data channel's state from pion's public stats.
func dataChannelState(pc *webrtc.PeerConnection, label string) (webrtc.DataChannelState, bool) {
	for _, s := range pc.GetStats() {
		if dc, ok := s.(webrtc.DataChannelStats); ok && dc.Label == label {
			return dc.State, true
		}
	}
	return webrtc.DataChannelStateUnknown, false
}
