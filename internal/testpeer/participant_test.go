package testpeer_test

import (
	"context"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// TestNodePeerParticipantEvents checks that the peer reports what a
// participant written with lksdk changes about itself.
func TestNodePeerParticipantEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("starts livekit-server and node")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := lktest.Start(t)
	peer := startPeer(ctx, t, srv, "parts", "node")
	goRoom := joinGo(t, srv, "parts", "go", nil)
	lp := goRoom.LocalParticipant

	// A publisher's updates reach others at once; a subscriber's are batched
	// every 3 s by the server.
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := lp.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "mic", Source: 2})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, peer, "participant_connected", func(e testpeer.Event) bool {
		return e.Type == "participant_connected" && e.Participant == "go"
	})

	lp.SetMetadata("m1")
	waitFor(ctx, t, peer, "metadata", func(e testpeer.Event) bool {
		return e.Type == "participant_metadata" && e.Participant == "go" && e.Metadata == "m1"
	})
	lp.SetAttributes(map[string]string{"role": "bot"})
	waitFor(ctx, t, peer, "attributes", func(e testpeer.Event) bool {
		return e.Type == "participant_attributes" && e.Attributes["role"] == "bot"
	})
	pub.SetMuted(true)
	waitFor(ctx, t, peer, "track_muted", func(e testpeer.Event) bool {
		return e.Type == "track_muted" && e.SID == pub.SID()
	})
	if err := lp.UnpublishTrack(pub.SID()); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, peer, "track_unpublished", func(e testpeer.Event) bool {
		return e.Type == "track_unpublished" && e.SID == pub.SID()
	})
	goRoom.Disconnect()
	waitFor(ctx, t, peer, "participant_disconnected", func(e testpeer.Event) bool {
		return e.Type == "participant_disconnected" && e.Participant == "go"
	})
}
