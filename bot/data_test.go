package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

func TestDataAndMetadata(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic = "none", "none" })
	events := collect(t, b)
	alice := newPeer(t, srv, "room", "alice")
	bob := newPeer(t, srv, "room", "bob")
	events.waitFor(10*time.Second, "bob joined", func(ev event.Event) bool {
		j, ok := ev.(event.ParticipantJoined)
		return ok && j.Identity == "bob"
	})

	checkDataToPeers(t, b, alice, bob)
	checkDataToBot(t, events, alice, bob)
	checkMetadata(t, b, events, alice)

	if err := b.SendData(DataMessage{Payload: make([]byte, MaxDataSize+1)}); !errors.Is(err, ErrDataTooLarge) {
		t.Fatalf("oversized payload: %v", err)
	}
	bob.room.Disconnect()
	events.waitFor(10*time.Second, "bob left", func(ev event.Event) bool {
		l, ok := ev.(event.ParticipantLeft)
		return ok && l.Identity == "bob"
	})
}

// checkDataToPeers: a packet for alice reaches only her, broadcasts reach
// both peers.
func checkDataToPeers(t *testing.T, b *Bot, alice, bob *peer) {
	t.Helper()
	send := func(m DataMessage) {
		t.Helper()
		if err := b.SendData(m); err != nil {
			t.Fatal(err)
		}
	}
	forAlice := receivedData{from: "bot", topic: "chat", text: "for alice"}
	forAll := receivedData{from: "bot", topic: "all", text: "for all"}
	lossy := receivedData{from: "bot", topic: "news", text: "lossy for all"}
	send(DataMessage{Payload: []byte(forAlice.text), Topic: forAlice.topic, Reliable: true, Destinations: []string{"alice"}})
	// The broadcast follows on the same ordered, reliable channel: once bob
	// has it, the packet for alice would have reached him before.
	send(DataMessage{Payload: []byte(forAll.text), Topic: forAll.topic, Reliable: true})
	resendUntil(t, 10*time.Second, "both peers get the lossy broadcast", func() {
		send(DataMessage{Payload: []byte(lossy.text), Topic: lossy.topic})
	}, func() bool { return alice.has(lossy) && bob.has(lossy) })
	alice.waitData(10*time.Second, "alice gets her packet and the broadcast", forAlice, forAll)
	bob.waitData(10*time.Second, "bob gets the broadcast", forAll)
	// Checked at the end, so over the whole test.
	t.Cleanup(func() {
		if bob.has(forAlice) {
			t.Errorf("bob, not a destination, received %+v", bob.received())
		}
	})
}

// checkDataToBot: the bot reports packets from peers, reliable and lossy,
// text and binary, and never one addressed to someone else.
func checkDataToBot(t *testing.T, events *eventLog, alice, bob *peer) {
	t.Helper()
	events.forbid("a packet addressed to alice only", dataOn("dm"))
	alice.sendData("hello bot", "chat", true, "bot")
	bob.sendData("secret for alice", "dm", true, "alice")
	// After bob's packet to alice, on the same ordered channel: once the
	// bot has it, the packet to alice would have reached the bot before.
	bob.sendData("after the secret", "from-bob", true, "bot")
	resendUntil(t, 10*time.Second, "the bot gets a lossy binary broadcast", func() {
		alice.sendData(string([]byte{0xff, 0xfe}), "bin", false)
	}, func() bool { return events.has(dataOn("bin")) })
	resendUntil(t, 10*time.Second, "the bot gets a lossy packet", func() {
		alice.sendData("lossy hello", "lossy", false, "bot")
	}, func() bool { return events.has(dataOn("lossy")) })
	got := events.waitAll(10*time.Second, map[string]func(event.Event) bool{
		"chat": dataOn("chat"), "bin": dataOn("bin"), "lossy": dataOn("lossy"), "from-bob": dataOn("from-bob"),
	})
	for key, want := range map[string]event.DataReceived{
		"chat":     {From: "alice", Topic: "chat", Size: 9, Text: "hello bot"},
		"bin":      {From: "alice", Topic: "bin", Size: 2},
		"lossy":    {From: "alice", Topic: "lossy", Size: 11, Text: "lossy hello"},
		"from-bob": {From: "bob", Topic: "from-bob", Size: 16, Text: "after the secret"},
	} {
		if got[key] != want {
			t.Errorf("bot reported %+v, want %+v", got[key], want)
		}
	}
}

// checkMetadata: the bot's metadata, attributes and name reach a peer, and
// a peer's reach the bot, each in whatever order it comes.
func checkMetadata(t *testing.T, b *Bot, events *eventLog, alice *peer) {
	t.Helper()
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
	eventually(t, 10*time.Second, "alice sees the bot's metadata, attributes and name", func() bool {
		alice.mu.Lock()
		defer alice.mu.Unlock()
		return alice.metadata["bot"] == `{"state":"ready"}` && alice.attrs["bot"]["role"] == "tester" && alice.name("bot") == "Test Bot"
	})

	alice.room.LocalParticipant.SetMetadata("alice-meta")
	alice.room.LocalParticipant.SetAttributes(map[string]string{"mood": "happy"})
	alice.room.LocalParticipant.SetName("Alice A.")
	events.waitAll(10*time.Second, map[string]func(event.Event) bool{
		"alice's metadata": func(ev event.Event) bool {
			m, ok := ev.(event.ParticipantMetadataChanged)
			return ok && m.Identity == "alice" && m.Metadata == "alice-meta"
		},
		"alice's attributes": func(ev event.Event) bool {
			a, ok := ev.(event.ParticipantAttributesChanged)
			return ok && a.Identity == "alice" && a.Changed["mood"] == "happy"
		},
		"alice's name": func(ev event.Event) bool {
			n, ok := ev.(event.ParticipantNameChanged)
			return ok && n.Identity == "alice" && n.Name == "Alice A."
		},
	})
}

// TestMetadataWithoutPermission: the SDK drops the server's refusal; the bot
// must report it.
func TestMetadataWithoutPermission(t *testing.T) {
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
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.StartMuted = true; c.Simulcast = false; c.Resolution = "320x180" })
	p := newPeer(t, srv, "room", "watcher")
	if pub := p.publication(SourceCamera); !pub.IsMuted() {
		t.Fatal("track not published muted")
	}
	// A few keyframes after the bind make the SFU register the track; then
	// the encoders stop.
	before := waitQuiet(t, b, livekit.TrackSource_CAMERA)
	if before > maxPrimeFrames {
		t.Fatalf("a track published muted encoded %d frames, want at most %d", before, maxPrimeFrames)
	}
	stays(t, time.Second, "a track published muted encodes nothing", func() bool {
		return b.encodedFrames(livekit.TrackSource_CAMERA) == before
	})
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
	stays(t, time.Second, "a track muted by the server encodes nothing", func() bool {
		return b.encodedFrames(livekit.TrackSource_CAMERA) == before
	})
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

// TestCloseDeliversQueuedData: packets sent just before Close arrive,
// since Close waits until the server has acknowledged them.
func TestCloseDeliversQueuedData(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Camera, c.Mic = "none", "none" })
	events := collect(t, b)
	p := newPeer(t, srv, "room", "watcher")
	events.waitFor(10*time.Second, "the watcher joined", func(ev event.Event) bool {
		j, ok := ev.(event.ParticipantJoined)
		return ok && j.Identity == "watcher"
	})
	const packets = 10 // 150 KiB: many round trips of SCTP's window
	for i := range packets {
		payload := fmt.Appendf(nil, "%02d", i)
		payload = append(payload, make([]byte, MaxDataSize-len(payload))...)
		if err := b.SendData(DataMessage{Payload: payload, Topic: "last words", Reliable: true}); err != nil {
			t.Fatal(err)
		}
	}
	b.Close()
	eventually(t, 10*time.Second, "the watcher receives every packet sent before Close", func() bool {
		n := 0
		for _, d := range p.received() {
			if d.topic == "last words" {
				n++
			}
		}
		return n == packets
	})
}

// TestDataRightAfterJoiningWithoutSubscribe: a bot whose token does not
// grant canSubscribe (so that its publisher connection is the primary one)
// can send data the moment it has joined. lksdk v2.19 does not wait for
// that connection's data channels to open, and dropped such packets
// without an error.
func TestDataRightAfterJoiningWithoutSubscribe(t *testing.T) {
	srv := lktest.Start(t)
	receiver := newPeer(t, srv, "room", "receiver")
	yes, no := true, false
	grant := &auth.VideoGrant{CanPublishData: &yes, CanSubscribe: &no, CanPublish: &no}
	const joins = 3
	var want []receivedData
	for i := range joins {
		identity := fmt.Sprintf("sender%d", i)
		b := startBot(t, srv, func(c *Config) {
			c.Camera, c.Mic, c.Identity = "none", "none", identity
			c.Token = srv.Token(t, "room", identity, grant)
		})
		for _, reliable := range []bool{true, false} {
			d := receivedData{from: identity, topic: fmt.Sprintf("first-reliable-%v", reliable), text: "sent at once"}
			if err := b.SendData(DataMessage{Payload: []byte(d.text), Topic: d.topic, Reliable: reliable, Destinations: []string{"receiver"}}); err != nil {
				t.Fatalf("%s: %v", identity, err)
			}
			// A lossy packet may be lost on a real network, but not on
			// loopback with nothing else in flight.
			want = append(want, d)
		}
		b.Close()
	}
	receiver.waitData(10*time.Second, "every first packet", want...)
}
