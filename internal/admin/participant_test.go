package admin

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestParticipantOperations drives every participant operation against
// two real participants and checks the effect from their side.
func TestParticipantOperations(t *testing.T) {
	srv := lktest.Start(t)
	c := newTestClient(t, srv)
	ctx := context.Background()
	alice := joinPeer(t, srv, "ops", "alice")
	bob := joinPeer(t, srv, "ops", "bob")
	pub := alice.publishMic(t)

	var ps Participants
	eventually(t, "alice's track in the list", func() bool {
		var err error
		ps, err = c.ListParticipants(ctx, "ops")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ps, func(p Participant) bool { return p.Identity == "alice" })
		return len(ps) == 2 && i >= 0 && len(ps[i].Tracks) == 1
	})
	a := ps[slices.IndexFunc(ps, func(p Participant) bool { return p.Identity == "alice" })]
	if tr := a.Tracks[0]; tr.SID != pub.SID() || tr.Source != "microphone" || tr.Kind != "audio" || tr.Muted {
		t.Fatalf("alice's track %+v", tr)
	}
	if !a.Permissions.CanPublish || !a.Permissions.CanSubscribe || a.State != "ACTIVE" && a.State != "JOINED" {
		t.Fatalf("alice %+v", a)
	}

	t.Run("mute by source", func(t *testing.T) {
		m, err := c.MuteTrack(ctx, MuteTrackParams{Room: "ops", Identity: "alice", Source: livekit.TrackSource_MICROPHONE, Muted: true})
		if err != nil {
			t.Fatal(err)
		}
		if m.Track.SID != pub.SID() || !m.Track.Muted {
			t.Fatalf("mute result %+v", m)
		}
		eventually(t, "alice's publication muted", pub.IsMuted)
		eventually(t, "bob told of the mute", func() bool {
			bob.mu.Lock()
			defer bob.mu.Unlock()
			return bob.mutedSIDs[pub.SID()]
		})
		got, _ := c.GetParticipant(ctx, "ops", "alice")
		if len(got.Tracks) != 1 || !got.Tracks[0].Muted {
			t.Fatalf("server's view %+v", got.Tracks)
		}
		// A dev server does not allow remote unmute; the refusal is one line.
		_, err = c.MuteTrack(ctx, MuteTrackParams{Room: "ops", Identity: "alice", TrackSID: pub.SID(), Muted: false})
		if !errors.Is(err, ErrRefused) || err.Error() != "the server refused: remote unmute not enabled" {
			t.Fatalf("unmute: %v", err)
		}
		_, err = c.MuteTrack(ctx, MuteTrackParams{Room: "ops", Identity: "bob", Source: livekit.TrackSource_CAMERA, Muted: true})
		if !errors.Is(err, ErrNotFound) || err.Error() != `camera track of "bob" does not exist` {
			t.Fatalf("mute a missing track: %v", err)
		}
	})

	t.Run("update participant", func(t *testing.T) {
		no := false
		got, err := c.UpdateParticipant(ctx, UpdateParticipantParams{
			Room: "ops", Identity: "alice", Metadata: "meta-1", Name: "Alice", Attributes: map[string]string{"team": "qa"},
			Permissions: PermissionChange{CanPublishData: &no, CanPublishSources: []livekit.TrackSource{livekit.TrackSource_MICROPHONE}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.Metadata != "meta-1" || got.Name != "Alice" || got.Attributes["team"] != "qa" {
			t.Fatalf("result %+v", got)
		}
		// Only the permissions given change.
		if p := got.Permissions; p.CanPublishData || !p.CanPublish || !p.CanSubscribe || !slices.Equal(p.CanPublishSources, []string{"microphone"}) {
			t.Fatalf("permissions %+v", p)
		}
		lp := alice.room.LocalParticipant
		eventually(t, "alice sees her new metadata and permissions", func() bool {
			perm := lp.Permissions()
			return lp.Metadata() == "meta-1" && lp.Name() == "Alice" && lp.Attributes()["team"] == "qa" &&
				perm != nil && !perm.CanPublishData && perm.CanSubscribe
		})
		if _, err := c.UpdateParticipant(ctx, UpdateParticipantParams{Room: "ops", Identity: "alice"}); !isInvalid(err) {
			t.Fatalf("empty update: %v", err)
		}
		_, err = c.UpdateParticipant(ctx, UpdateParticipantParams{Room: "ops", Identity: "carol", Name: "x"})
		if err == nil || err.Error() != "the server refused: participant does not exist" {
			t.Fatalf("update a missing participant: %v", err)
		}
	})

	t.Run("send data to one", func(t *testing.T) {
		alice.waitDataReady(t, c, "ops", "alice")
		bob.waitDataReady(t, c, "ops", "bob")
		sent, err := c.SendData(ctx, SendDataParams{Room: "ops", Payload: []byte("for bob"), Topic: "t1", Destinations: []string{"bob"}})
		if err != nil || sent.Size != 7 || !sent.Reliable || !slices.Equal(sent.Destinations, []string{"bob"}) {
			t.Fatalf("send: %v %+v", err, sent)
		}
		// A second packet to everyone, on the same reliable channel, arrives
		// after the first: once alice has it, she would have had the first.
		if _, err := c.SendData(ctx, SendDataParams{Room: "ops", Payload: []byte("for all"), Topic: "t2"}); err != nil {
			t.Fatal(err)
		}
		eventually(t, "alice gets the broadcast", func() bool { return len(alice.received()) > 0 })
		eventually(t, "bob gets both", func() bool { return len(bob.received()) == 2 })
		if got := alice.received(); len(got) != 1 || got[0].text != "for all" {
			t.Fatalf("alice received %+v", got)
		}
		if got := bob.received(); got[0] != (received{topic: "t1", text: "for bob"}) || got[1].topic != "t2" {
			t.Fatalf("bob received %+v", got)
		}
	})

	t.Run("remove", func(t *testing.T) {
		res, err := c.RemoveParticipant(ctx, "ops", "alice")
		if err != nil || !res.Removed {
			t.Fatalf("remove: %v %+v", err, res)
		}
		eventually(t, "alice disconnected", func() bool {
			alice.mu.Lock()
			defer alice.mu.Unlock()
			return alice.disconnected == lksdk.ParticipantRemoved
		})
		ps, err := c.ListParticipants(ctx, "ops")
		if err != nil || len(ps) != 1 || ps[0].Identity != "bob" {
			t.Fatalf("after remove: %v %+v", err, ps)
		}
		if _, err := c.RemoveParticipant(ctx, "ops", "alice"); err == nil || err.Error() != "the server refused: participant does not exist" {
			t.Fatalf("remove again: %v", err)
		}
	})
}

func isInvalid(err error) bool {
	var ie *InvalidError
	return errors.As(err, &ie)
}
