package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// collect records a bot's events for assertions.
type collected struct {
	sub *event.Subscription
	got chan event.Event
}

func collect(b *Bot) *collected {
	c := &collected{sub: b.Events().Subscribe(1024), got: make(chan event.Event, 1024)}
	go func() {
		for env := range c.sub.C {
			c.got <- env.Event
		}
		close(c.got)
	}()
	return c
}

// waitFor returns the first event that matches, failing after timeout.
func (c *collected) waitFor(t *testing.T, timeout time.Duration, what string, match func(event.Event) bool) event.Event {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-c.got:
			if !ok {
				t.Fatalf("event stream closed waiting for %s", what)
			}
			if match(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("timed out after %s waiting for event: %s", timeout, what)
		}
	}
}

func TestDataAndMetadata(t *testing.T) {
	skipShort(t)
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic = "none", "none" })
	events := collect(b)
	alice := newPeer(t, srv, "room", "alice")
	bob := newPeer(t, srv, "room", "bob")
	events.waitFor(t, 10*time.Second, "bob joined", func(ev event.Event) bool {
		j, ok := ev.(event.ParticipantJoined)
		return ok && j.Identity == "bob"
	})

	// Bot to alice only: bob must get nothing.
	if err := b.SendData(DataMessage{Payload: []byte("for alice"), Topic: "chat", Reliable: true, Destinations: []string{"alice"}}); err != nil {
		t.Fatal(err)
	}
	// Bot to everyone, lossy.
	if err := b.SendData(DataMessage{Payload: []byte("for all"), Topic: "news", Reliable: false}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "alice gets both packets", func() bool { return len(alice.received()) == 2 })
	eventually(t, 10*time.Second, "bob gets the broadcast", func() bool { return len(bob.received()) == 1 })
	time.Sleep(500 * time.Millisecond)
	got := alice.received()
	if !slices.Contains(got, receivedData{from: "bot", topic: "chat", text: "for alice"}) || !slices.Contains(got, receivedData{from: "bot", topic: "news", text: "for all"}) {
		t.Fatalf("alice received %+v", got)
	}
	if got := bob.received(); len(got) != 1 || got[0].text != "for all" {
		t.Fatalf("bob, not a destination, received %+v", got)
	}

	// Peers to the bot: a directed packet from alice, one from bob to alice only.
	alice.sendData("hello bot", "chat", true, "bot")
	bob.sendData("secret for alice", "dm", true, "alice")
	alice.sendData(string([]byte{0xff, 0xfe}), "bin", false)
	alice.sendData("lossy hello", "lossy", false, "bot")
	ev := events.waitFor(t, 10*time.Second, "data from alice", func(ev event.Event) bool {
		d, ok := ev.(event.DataReceived)
		return ok && d.Topic == "chat"
	}).(event.DataReceived)
	if ev.From != "alice" || ev.Text != "hello bot" || ev.Size != 9 {
		t.Fatalf("bot received %+v", ev)
	}
	bin := events.waitFor(t, 10*time.Second, "binary data", func(ev event.Event) bool {
		d, ok := ev.(event.DataReceived)
		if ok && d.Topic == "dm" {
			t.Fatalf("bot received a packet addressed to alice only: %+v", d)
		}
		return ok && d.Topic == "bin"
	}).(event.DataReceived)
	if bin.Text != "" || bin.Size != 2 {
		t.Fatalf("binary payload reported as %+v", bin)
	}

	lossy := events.waitFor(t, 10*time.Second, "lossy data", func(ev event.Event) bool {
		d, ok := ev.(event.DataReceived)
		return ok && d.Topic == "lossy"
	}).(event.DataReceived)
	if lossy.Text != "lossy hello" {
		t.Fatalf("lossy packet reported as %+v", lossy)
	}

	// The bot's metadata and attributes reach the peers.
	ctx := context.Background()
	if err := b.SetMetadata(ctx, `{"state":"ready"}`); err != nil {
		t.Fatal(err)
	}
	if err := b.SetAttributes(ctx, map[string]string{"role": "tester"}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetName(ctx, "Test Bot"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "alice sees the bot's metadata and attributes", func() bool {
		alice.mu.Lock()
		defer alice.mu.Unlock()
		return alice.metadata["bot"] == `{"state":"ready"}` && alice.attrs["bot"]["role"] == "tester"
	})

	// A peer's changes arrive as bot events.
	alice.room.LocalParticipant.SetMetadata("alice-meta")
	alice.room.LocalParticipant.SetAttributes(map[string]string{"mood": "happy"})
	alice.room.LocalParticipant.SetName("Alice A.")
	events.waitFor(t, 10*time.Second, "alice's metadata", func(ev event.Event) bool {
		m, ok := ev.(event.ParticipantMetadataChanged)
		return ok && m.Identity == "alice" && m.Metadata == "alice-meta"
	})
	events.waitFor(t, 10*time.Second, "alice's attributes", func(ev event.Event) bool {
		a, ok := ev.(event.ParticipantAttributesChanged)
		return ok && a.Identity == "alice" && a.Changed["mood"] == "happy"
	})
	events.waitFor(t, 10*time.Second, "alice's name", func(ev event.Event) bool {
		n, ok := ev.(event.ParticipantNameChanged)
		return ok && n.Identity == "alice" && n.Name == "Alice A."
	})

	if err := b.SendData(DataMessage{Payload: make([]byte, MaxDataSize+1)}); !errors.Is(err, ErrDataTooLarge) {
		t.Fatalf("oversized payload: %v", err)
	}
	bob.room.Disconnect()
	events.waitFor(t, 10*time.Second, "bob left", func(ev event.Event) bool {
		l, ok := ev.(event.ParticipantLeft)
		return ok && l.Identity == "bob"
	})
}

// TestMetadataWithoutPermission: the SDK drops the server's refusal; the bot
// must report it.
func TestMetadataWithoutPermission(t *testing.T) {
	skipShort(t)
	srv := lktest.Start(t)
	no := false
	token := srv.Token(t, "room", "bot", &auth.VideoGrant{CanUpdateOwnMetadata: &no})
	b := startBot(t, srv, func(c *Config) {
		c.Camera, c.Mic = "none", "none"
		c.APIKey, c.APISecret, c.Token = "", "", token
	})
	err := b.SetMetadata(context.Background(), "x")
	if !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "canUpdateOwnMetadata") {
		t.Fatalf("SetMetadata without permission: %v", err)
	}
}

// maxPrimeFrames bounds what a track published muted encodes: four keyframes
// on one layer.
const maxPrimeFrames = 4

// TestStartMutedAndRemoteMute: a track can be published muted, sends nothing
// until unmuted, and a mute from the server API stops its media too.
func TestStartMutedAndRemoteMute(t *testing.T) {
	skipShort(t)
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.StartMuted = true; c.Simulcast = false; c.Resolution = "320x180" })
	p := newPeer(t, srv, "room", "watcher")
	if pub := p.publication(SourceCamera); !pub.IsMuted() {
		t.Fatal("track not published muted")
	}
	// A few keyframes after the bind make the SFU register the track; then
	// the encoders stop.
	before := waitQuiet(t, b, livekit.TrackSource_CAMERA)
	time.Sleep(time.Second)
	if n := b.encodedFrames(livekit.TrackSource_CAMERA) - before; n != 0 || before > maxPrimeFrames {
		t.Fatalf("a track published muted encoded %d frames, then %d more", before, n)
	}
	if err := b.SetMuted(livekit.TrackSource_CAMERA, false); err != nil {
		t.Fatal(err)
	}
	video := p.track(SourceCamera)
	eventually(t, 5*time.Second, "media after unmute", func() bool { return video.count() > 0 })

	rs := lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
	if _, err := rs.MutePublishedTrack(context.Background(), &livekit.MuteRoomTrackRequest{Room: "room", Identity: "bot", TrackSid: video.pub.SID(), Muted: true}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "bot follows the server's mute", func() bool {
		return b.trackMuted(livekit.TrackSource_CAMERA)
	})
	before = waitQuiet(t, b, livekit.TrackSource_CAMERA)
	time.Sleep(time.Second)
	if n := b.encodedFrames(livekit.TrackSource_CAMERA) - before; n != 0 {
		t.Fatalf("encoded %d frames after a server mute", n)
	}
}

// waitQuiet waits until source's encoders have done nothing for 600 ms (a
// frame in flight at the mute, or the priming keyframes, are done), and
// returns the count then.
func waitQuiet(t *testing.T, b *Bot, source livekit.TrackSource) uint64 {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	last, since := b.encodedFrames(source), time.Now()
	for time.Since(since) < 600*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("%s never stopped encoding", SourceName(source))
		}
		time.Sleep(20 * time.Millisecond)
		if n := b.encodedFrames(source); n != last {
			last, since = n, time.Now()
		}
	}
	return last
}
