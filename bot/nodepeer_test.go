package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// TestIndependentPeerDecodes has LiveKit's own Node SDK (rtc-node, which
// decodes with libwebrtc) watch the bot: it must decode the video of every
// codec, read increasing burned-in frame numbers at the full layer's size,
// hear the microphone, and see data with its delivery mode.
func TestIndependentPeerDecodes(t *testing.T) {
	for _, tc := range []struct {
		codec, mime string
		simulcast   bool
		bitrate     int
	}{
		{CodecVP8, "video/vp8", true, 0},
		{CodecH264, "video/h264", true, 0},
		{CodecVP9, "video/vp9", true, 0},
		{CodecVP9, "video/vp9", false, 300_000},
	} {
		t.Run(fmt.Sprintf("%s/simulcast=%v", tc.codec, tc.simulcast), func(t *testing.T) {
			srv := lktest.Start(t)
			b := startBot(t, srv, func(c *Config) {
				c.VideoCodec, c.Simulcast, c.VideoBitrate = tc.codec, tc.simulcast, tc.bitrate
			})
			node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", "node"))
			watcher := newPeer(t, srv, "room", "watcher")
			ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
			defer cancel()

			sub, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
				return e.Type == "track_subscribed" && e.Kind == "video" && e.Participant == "bot"
			})
			if err != nil {
				t.Fatalf("node never subscribed to the bot's video: %v", err)
			}
			if got := lower(sub.MimeType); got != tc.mime {
				t.Fatalf("node sees %s, want %s", got, tc.mime)
			}
			if err := node.Send(testpeer.SetVideoQuality{SID: sub.SID, Quality: "high"}); err != nil {
				t.Fatal(err)
			}
			video := watcher.track(SourceCamera)
			watcher.setQuality(video, livekit.VideoQuality_HIGH)

			// Three seconds of frames at the full layer's size, after the
			// first one.
			var frames []uint32
			_, err = node.WaitFor(ctx, func(e testpeer.Event) bool {
				if e.Type == "frame" && e.SID == sub.SID && e.StampOK && e.Width == 640 && e.Height == 360 {
					frames = append(frames, e.Frame)
				}
				return len(frames) > 0 && frames[len(frames)-1]-frames[0] >= 3*15
			})
			if err != nil {
				t.Fatalf("node decoded %d stamped 640x360 frames: %v", len(frames), err)
			}
			for i := 1; i < len(frames); i++ {
				if frames[i] <= frames[i-1] {
					t.Fatalf("decoded frame numbers not increasing: %v", frames)
				}
			}
			checkFrameRate(t, frames)
			checkReceivedBitrate(t, video, topLayerBitrate(b.cfg, 640, 360))
			checkUnmuteDecodes(ctx, t, b, node, sub.SID)

			if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
				return e.Type == "audio" && e.Participant == "bot" && e.RMS > 0.01
			}); err != nil {
				t.Fatalf("node heard no sound from the bot: %v", err)
			}

			checkDataReachesNode(ctx, t, b, node)
		})
	}
}

// checkUnmuteDecodes mutes the camera, unmutes it, and checks that the node
// decodes one of the first frames captured after the unmute: the keyframe
// that resumes the track, or the one right behind it (see
// encode.resumeKeyframes), not one that came a keyframe request later.
// Frame numbers count captured frames, and a muted camera captures none,
// so the first frame after the unmute has the number the capture count had
// at the unmute.
func checkUnmuteDecodes(ctx context.Context, t *testing.T, b *Bot, node *testpeer.NodePeer, sid string) {
	t.Helper()
	camera := livekit.TrackSource_CAMERA
	if err := b.SetMuted(camera, true); err != nil {
		t.Fatal(err)
	}
	waitQuiet(t, b, camera)
	next := uint32(capturedFrames(t, b))
	if err := b.SetMuted(camera, false); err != nil {
		t.Fatal(err)
	}
	ev, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "frame" && e.SID == sid && e.StampOK && e.Frame >= next
	})
	if err != nil {
		t.Fatalf("node decoded nothing after the unmute: %v", err)
	}
	t.Logf("first frame decoded after the unmute: %d, first captured: %d", ev.Frame, next)
	if ev.Frame > next+1 {
		t.Errorf("the first frame the node decoded after the unmute is number %d; the first captured was %d", ev.Frame, next)
	}
}

// capturedFrames is how many frames the camera has captured.
func capturedFrames(t *testing.T, b *Bot) uint64 {
	t.Helper()
	vt, ok := b.track(livekit.TrackSource_CAMERA).(*videoTrack)
	if !ok {
		t.Fatal("no camera track")
	}
	return vt.enc.Stats().Captured
}

// checkDataReachesNode: the node sees the bot's reliable and lossy packets
// with the delivery mode the bot chose.
func checkDataReachesNode(ctx context.Context, t *testing.T, b *Bot, node *testpeer.NodePeer) {
	t.Helper()
	for _, reliable := range []bool{true, false} {
		topic := map[bool]string{true: "rel", false: "lossy"}[reliable]
		ev := sendUntilSeen(ctx, t, b, node, DataMessage{Payload: []byte("hi " + topic), Topic: topic, Reliable: reliable, Destinations: []string{"node"}})
		want := map[bool]string{true: "reliable", false: "lossy"}[reliable]
		if ev.Kind != want || ev.Payload != "hi "+topic || ev.Participant != "bot" {
			t.Fatalf("node got %+v, want a %s packet from bot", ev, want)
		}
	}
}

// sendUntilSeen sends msg and waits for the node to see it. A lossy packet
// may be dropped, so it goes again every 250 ms; a reliable one goes once.
func sendUntilSeen(ctx context.Context, t *testing.T, b *Bot, node *testpeer.NodePeer, msg DataMessage) testpeer.Event {
	t.Helper()
	seen := func(e testpeer.Event) bool { return e.Type == "data" && e.Topic == msg.Topic }
	for {
		if err := b.SendData(msg); err != nil {
			t.Fatal(err)
		}
		wait, cancel := ctx, context.CancelFunc(func() {})
		if !msg.Reliable {
			wait, cancel = context.WithTimeout(ctx, 250*time.Millisecond)
		}
		ev, err := node.WaitFor(wait, seen)
		cancel()
		if err == nil {
			return ev
		}
		if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("node got no packet on topic %s: %v", msg.Topic, err)
		}
	}
}

func lower(s string) string { return strings.ToLower(s) }
