package testpeer_test

import (
	"context"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// TestNodePeerMedia has one rtc-node peer publish stamped simulcast video
// and a tone, and checks what a second one decodes, before and after it
// asks for the low layer.
func TestNodePeerMedia(t *testing.T) {
	if testing.Short() {
		t.Skip("starts livekit-server and node")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	srv := lktest.Start(t)
	pub := startPeer(ctx, t, srv, "media", "pub")
	sub := startPeer(ctx, t, srv, "media", "sub")

	send(t, pub, testpeer.PublishVideo{Width: 1280, Height: 720, FPS: 10, Simulcast: true})
	send(t, pub, testpeer.PublishAudio{})

	video := waitFor(ctx, t, sub, "video track", func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Kind == "video"
	})
	if video.Participant != "pub" || video.Source != "camera" || video.MimeType != "video/VP8" || !video.Simulcasted {
		t.Errorf("track_subscribed = %s; want simulcast VP8 camera from pub", video)
	}
	waitFor(ctx, t, sub, "stamped 1280x720 frame", func(e testpeer.Event) bool {
		return e.Type == "frame" && e.SID == video.SID && e.StampOK && e.Width == 1280 && e.Height == 720
	})
	waitFor(ctx, t, sub, "audible audio", func(e testpeer.Event) bool {
		return e.Type == "audio" && e.Participant == "pub" && e.Frames > 0 && e.RMS > 0.05
	})

	send(t, sub, testpeer.SetVideoQuality{SID: video.SID, Quality: "low"})
	low := waitFor(ctx, t, sub, "stamped low-layer frame", func(e testpeer.Event) bool {
		return e.Type == "frame" && e.SID == video.SID && e.StampOK && e.Width < 1280
	})
	if low.DelayMS < 0 || low.DelayMS > 2000 {
		t.Errorf("delay %d ms on loopback; want 0..2000", low.DelayMS)
	}

	send(t, pub, testpeer.Unpublish{SID: video.SID})
	waitFor(ctx, t, sub, "track_unpublished", func(e testpeer.Event) bool {
		return e.Type == "track_unpublished" && e.SID == video.SID
	})
}

func send(t *testing.T, p *testpeer.NodePeer, cmd any) {
	t.Helper()
	if err := p.Send(cmd); err != nil {
		t.Fatal(err)
	}
}

func waitFor(ctx context.Context, t *testing.T, p *testpeer.NodePeer, what string, match func(testpeer.Event) bool) testpeer.Event {
	t.Helper()
	ev, err := p.WaitFor(ctx, match)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return ev
}
