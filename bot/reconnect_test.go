package bot

import (
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// TestMuteSurvivesFullReconnect: after a full reconnect the SDK republishes
// with new SIDs; the bot keys tracks by source, so the camera stays muted
// under its new SID and keeps doing no work.
func TestMuteSurvivesFullReconnect(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Mic = "none"; c.Resolution = "320x180" })
	events := collect(t, b)
	firstSID := b.trackSID(livekit.TrackSource_CAMERA)
	if err := b.SetMuted(livekit.TrackSource_CAMERA, true); err != nil {
		t.Fatal(err)
	}
	waitGathered(t, b)
	b.Room().Simulate(lksdk.SimulateNodeFailure)
	events.waitFor(20*time.Second, "reconnecting", func(ev event.Event) bool {
		_, ok := ev.(event.Reconnecting)
		return ok
	})
	// The first publication's event may be in the log too; the SDK
	// republishes under a new SID.
	again := events.waitFor(30*time.Second, "camera republished under a new SID", func(ev event.Event) bool {
		p, ok := ev.(event.TrackPublished)
		return ok && p.Local && p.Source == SourceCamera && p.SID != firstSID
	}).(event.TrackPublished)
	if !again.Muted {
		t.Fatal("camera unmuted by the reconnect")
	}
	p := newPeer(t, srv, "room", "watcher")
	eventually(t, 10*time.Second, "peer sees the republished camera muted", func() bool {
		pub := p.publication(SourceCamera)
		return pub.SID() == again.SID && pub.IsMuted()
	})
	before := waitQuiet(t, b, livekit.TrackSource_CAMERA) // past the keyframes that make the SFU see the track
	stays(t, time.Second, "the camera, muted before the reconnect, encodes nothing", func() bool {
		return b.encodedFrames(livekit.TrackSource_CAMERA) == before
	})
}
