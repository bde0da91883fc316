package webhooks

import (
	"context"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestLiveKitWebhooks points a real server at the listener and checks that
// a participant's join, publish, unpublish and leave, and the room's start
// and end, all arrive and verify.
func TestLiveKitWebhooks(t *testing.T) {
	lktest.SkipShort(t) // before the listener it starts
	ln, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *livekit.WebhookEvent, 64)
	rejected := make(chan Rejection, 8)
	h := NewHandler(HandlerParams{
		Keys:     auth.NewSimpleKeyProvider(lktest.APIKey, lktest.APISecret),
		Emit:     func(ev *livekit.WebhookEvent) error { events <- ev; return nil },
		OnReject: func(r Rejection) { rejected <- r },
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	srv := lktest.Start(t, lktest.WithWebhook("http://"+ln.Addr().String()+"/lk"))

	// Short timeouts so that room_finished comes a second after the leave.
	rooms := lksdk.NewRoomServiceClient(srv.URL(), srv.APIKey(), srv.APISecret())
	if _, err := rooms.CreateRoom(ctx, &livekit.CreateRoomRequest{Name: "hooks", EmptyTimeout: 1, DepartureTimeout: 1}); err != nil {
		t.Fatal(err)
	}
	room, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "hooks", "bot"), &lksdk.RoomCallback{}, lksdk.WithAutoSubscribe(false))
	if err != nil {
		t.Fatal(err)
	}
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := room.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "mic", Source: livekit.TrackSource_MICROPHONE})
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]bool{"room_started": false, "participant_joined": false, "track_published": false,
		"track_unpublished": false, "participant_left": false, "room_finished": false}
	got := map[string]*livekit.WebhookEvent{}
	await := func(names ...string) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			missing := false
			for _, n := range names {
				if got[n] == nil {
					missing = true
				}
			}
			if !missing {
				return
			}
			select {
			case ev := <-events:
				if _, ok := want[ev.GetEvent()]; ok && got[ev.GetEvent()] == nil {
					got[ev.GetEvent()] = ev
				}
			case r := <-rejected:
				t.Fatalf("the listener refused the server's webhook: %+v", r)
			case <-timeout:
				t.Fatalf("waiting for %v; got %v", names, keys(got))
			}
		}
	}
	await("room_started", "participant_joined", "track_published")
	if err := room.LocalParticipant.UnpublishTrack(pub.SID()); err != nil {
		t.Fatal(err)
	}
	await("track_unpublished")
	room.Disconnect()
	await("participant_left", "room_finished")

	for name, ev := range got {
		if ev.GetRoom().GetName() != "hooks" || ev.GetId() == "" || ev.GetCreatedAt() == 0 {
			t.Errorf("%s: %v", name, ev)
		}
	}
	for _, name := range []string{"participant_joined", "participant_left", "track_published", "track_unpublished"} {
		if got[name].GetParticipant().GetIdentity() != "bot" {
			t.Errorf("%s: participant %v", name, got[name].GetParticipant())
		}
	}
	for _, name := range []string{"track_published", "track_unpublished"} {
		if tr := got[name].GetTrack(); tr.GetSid() != pub.SID() || tr.GetSource() != livekit.TrackSource_MICROPHONE {
			t.Errorf("%s: track %v", name, tr)
		}
	}
}

func keys(m map[string]*livekit.WebhookEvent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
