package main

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/lktest"
)

// serverArgs are a command's words followed by the flags that reach srv
// with the distinct key pair, so that a leaked secret would be noticed.
func serverArgs(srv *lktest.Server, words ...string) []string {
	return append(words, "--url", srv.URL(), "--api-key", lktest.DistinctKey, "--api-secret", lktest.DistinctSecret, "--timeout", "5s")
}

// adminJSON runs a command with --json and decodes its output into v.
func adminJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append(args, "--json")...)
	if code != exitOK {
		t.Fatalf("lkbot %s: exit %d: %s", strings.Join(args[:2], " "), code, stderr)
	}
	if strings.Count(stdout, "\n") != 1 {
		t.Fatalf("lkbot %s: output is not one line: %q", strings.Join(args[:2], " "), stdout)
	}
	if err := json.Unmarshal([]byte(stdout), v); err != nil {
		t.Fatalf("lkbot %s: %v in %q", strings.Join(args[:2], " "), err, stdout)
	}
	if strings.Contains(stdout+stderr, lktest.DistinctSecret) {
		t.Fatal("the secret leaked into the output")
	}
}

// adminPeer is a participant written with lksdk, publishing a microphone.
type adminPeer struct {
	room *lksdk.Room
	pub  *lksdk.LocalTrackPublication

	mu      sync.Mutex
	data    []string // topic/payload
	probed  bool     // a probe packet arrived: the data channel is open
	removed bool
}

func joinAdminPeer(t *testing.T, srv *lktest.Server, room, identity string, publish bool) *adminPeer {
	t.Helper()
	p := &adminPeer{}
	cb := &lksdk.RoomCallback{OnDisconnectedWithReason: func(r lksdk.DisconnectionReason) {
		p.mu.Lock()
		p.removed = r == lksdk.ParticipantRemoved
		p.mu.Unlock()
	}}
	cb.OnDataPacket = func(d lksdk.DataPacket, _ lksdk.DataReceiveParams) {
		if u, ok := d.(*lksdk.UserDataPacket); ok {
			p.mu.Lock()
			if u.Topic == lktest.ProbeTopic {
				p.probed = true
			} else {
				p.data = append(p.data, u.Topic+"/"+string(u.Payload))
			}
			p.mu.Unlock()
		}
	}
	r, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, room, identity), cb, lksdk.WithAutoSubscribe(false))
	if err != nil {
		t.Fatalf("connect %s: %v", identity, err)
	}
	p.room = r
	t.Cleanup(r.Disconnect)
	if !publish {
		return p
	}
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.pub, err = r.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "mic", Source: livekit.TrackSource_MICROPHONE}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				_ = track.WriteSample(media.Sample{Data: []byte{0xf8, 0xff, 0xfe}, Duration: 20 * time.Millisecond}, nil)
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
	return p
}

// waitDataReady probes identity through the CLI until its data channel is
// open.
func (p *adminPeer) waitDataReady(t *testing.T, srv *lktest.Server, room, identity string) {
	t.Helper()
	lktest.WaitDataReady(t, identity, func() {
		var sent admin.DataSent
		adminJSON(t, &sent, serverArgs(srv, "room", "send-data", "--room", room, "--payload", "probe", "--topic", lktest.ProbeTopic, "--destination", identity)...)
	}, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.probed
	})
}

func (p *adminPeer) received() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.data)
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestRoomCommands runs every `lkbot room` command against a real server
// and two participants, and checks each effect.
func TestRoomCommands(t *testing.T) {
	srv := lktest.Start(t)

	var created admin.Room
	adminJSON(t, &created, serverArgs(srv, "room", "create", "--room", "cli", "--metadata", "m0", "--empty-timeout", "1m", "--max-participants", "5")...)
	if created.Name != "cli" || created.Metadata != "m0" || created.EmptyTimeout != 60 || created.MaxParticipants != 5 {
		t.Fatalf("created %+v", created)
	}
	alice := joinAdminPeer(t, srv, "cli", "alice", true)
	bob := joinAdminPeer(t, srv, "cli", "bob", false)

	var rooms []admin.Room
	adminJSON(t, &rooms, serverArgs(srv, "room", "list")...)
	if len(rooms) != 1 || rooms[0].Name != "cli" {
		t.Fatalf("rooms %+v", rooms)
	}
	var ps []admin.Participant
	waitUntil(t, "alice's track", func() bool {
		adminJSON(t, &ps, serverArgs(srv, "room", "participants", "--room", "cli")...)
		return len(ps) == 2 && slices.ContainsFunc(ps, func(p admin.Participant) bool { return p.Identity == "alice" && len(p.Tracks) == 1 })
	})

	var muted admin.TrackMuted
	adminJSON(t, &muted, serverArgs(srv, "room", "mute-track", "--room", "cli", "--identity", "alice", "--source", "microphone")...)
	if muted.Track.SID != alice.pub.SID() || !muted.Track.Muted {
		t.Fatalf("mute %+v", muted)
	}
	waitUntil(t, "alice's track muted", alice.pub.IsMuted)

	var room admin.Room
	adminJSON(t, &room, serverArgs(srv, "room", "update-metadata", "--room", "cli", "--metadata", `{"phase":2}`)...)
	if room.Metadata != `{"phase":2}` {
		t.Fatalf("room %+v", room)
	}
	waitUntil(t, "alice sees the room metadata", func() bool { return alice.room.Metadata() == `{"phase":2}` })

	var upd admin.Participant
	adminJSON(t, &upd, serverArgs(srv, "room", "update-participant", "--room", "cli", "--identity", "bob", "--metadata", "m1", "--name", "Bob",
		"--attribute", "team=qa", "--can-publish=false", "--can-update-metadata")...)
	if upd.Metadata != "m1" || upd.Name != "Bob" || upd.Attributes["team"] != "qa" || upd.Permissions.CanPublish || !upd.Permissions.CanUpdateMetadata || !upd.Permissions.CanSubscribe {
		t.Fatalf("updated %+v", upd)
	}
	lp := bob.room.LocalParticipant
	waitUntil(t, "bob sees his update", func() bool {
		perm := lp.Permissions()
		return lp.Metadata() == "m1" && lp.Name() == "Bob" && lp.Attributes()["team"] == "qa" && perm != nil && !perm.CanPublish && perm.CanUpdateMetadata
	})

	alice.waitDataReady(t, srv, "cli", "alice")
	bob.waitDataReady(t, srv, "cli", "bob")
	var sent admin.DataSent
	adminJSON(t, &sent, serverArgs(srv, "room", "send-data", "--room", "cli", "--payload", "psst", "--topic", "t1", "--destination", "bob")...)
	if sent.Size != 4 || !sent.Reliable || !slices.Equal(sent.Destinations, []string{"bob"}) {
		t.Fatalf("sent %+v", sent)
	}
	// The broadcast follows on the same reliable channel: once alice has
	// it, she would have had the first packet if it had reached her.
	adminJSON(t, &sent, serverArgs(srv, "room", "send-data", "--room", "cli", "--payload", "all", "--topic", "t2")...)
	waitUntil(t, "alice gets the broadcast", func() bool { return len(alice.received()) == 1 })
	waitUntil(t, "bob gets both", func() bool { return len(bob.received()) == 2 })
	if got := alice.received(); got[0] != "t2/all" {
		t.Fatalf("alice received %q", got)
	}
	if got := bob.received(); got[0] != "t1/psst" || got[1] != "t2/all" {
		t.Fatalf("bob received %q", got)
	}

	var removed admin.ParticipantRemoved
	adminJSON(t, &removed, serverArgs(srv, "room", "remove", "--room", "cli", "--identity", "alice")...)
	waitUntil(t, "alice removed", func() bool {
		alice.mu.Lock()
		defer alice.mu.Unlock()
		return alice.removed
	})
	adminJSON(t, &ps, serverArgs(srv, "room", "participants", "--room", "cli")...)
	if len(ps) != 1 || ps[0].Identity != "bob" {
		t.Fatalf("after remove %+v", ps)
	}

	var deleted admin.RoomDeleted
	adminJSON(t, &deleted, serverArgs(srv, "room", "delete", "--room", "cli")...)
	adminJSON(t, &rooms, serverArgs(srv, "room", "list")...)
	if len(rooms) != 0 {
		t.Fatalf("after delete %+v", rooms)
	}
}

// TestRoomTextOutput checks the human-readable form of a few commands.
func TestRoomTextOutput(t *testing.T) {
	srv := lktest.Start(t)
	code, stdout, stderr := runCLI(t, serverArgs(srv, "room", "create", "--room", "txt")...)
	if code != exitOK || !strings.HasPrefix(stdout, "room:              txt\nsid:               RM_") {
		t.Fatalf("create: exit %d %q %q", code, stdout, stderr)
	}
	_, stdout, _ = runCLI(t, serverArgs(srv, "room", "list")...)
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "ROOM") || !strings.HasPrefix(lines[1], "txt ") {
		t.Fatalf("list: %q", stdout)
	}
	_, stdout, _ = runCLI(t, serverArgs(srv, "room", "participants", "--room", "txt")...)
	if stdout != "no participants\n" {
		t.Fatalf("participants: %q", stdout)
	}
	_, stdout, _ = runCLI(t, serverArgs(srv, "room", "send-data", "--room", "txt", "--payload", "hi", "--lossy")...)
	if stdout != "sent 2 bytes (lossy) to everyone in room txt\n" {
		t.Fatalf("send-data: %q", stdout)
	}
	_, stdout, _ = runCLI(t, serverArgs(srv, "room", "delete", "--room", "txt")...)
	if stdout != "deleted room txt\n" {
		t.Fatalf("delete: %q", stdout)
	}
}

// TestRoomCommandErrors: bad input is exit 2, the server's refusals exit
// 1; each is one line, and neither echoes the secret.
func TestRoomCommandErrors(t *testing.T) {
	srv := lktest.Start(t)
	usage := []struct {
		args []string
		want string
	}{
		{[]string{"room", "create"}, "room create: room is required"},
		{[]string{"room", "create", "standup"}, `room create: unexpected argument "standup"`},
		{[]string{"room", "delete", "--room", ""}, "room delete: room is required"},
		{[]string{"room", "remove", "--room", "r"}, "room remove: identity is required"},
		{[]string{"room", "mute-track", "--room", "r", "--identity", "i", "--source", "webcam"}, `room mute-track: source "webcam" is unknown`},
		{[]string{"room", "mute-track", "--room", "r", "--identity", "i"}, "room mute-track: give a track SID or a source"},
		{[]string{"room", "update-metadata", "--room", "r"}, "room update-metadata: metadata is required"},
		{[]string{"room", "update-participant", "--room", "r", "--identity", "i"}, "room update-participant: nothing to change"},
		{[]string{"room", "update-participant", "--room", "r", "--identity", "i", "--attribute", "novalue"}, `attribute "novalue" is not k=v`},
		{[]string{"room", "update-participant", "--room", "r", "--identity", "i", "--can-publish-sources", "tv"}, `source "tv" is unknown`},
		{[]string{"room", "send-data", "--room", "r"}, "room send-data: payload is empty"},
		{[]string{"room", "send-data", "--room", "r", "--payload", strings.Repeat("x", 15*1024+1)}, "over LiveKit's limit"},
		{[]string{"room", "list", "--bogus"}, "room list: unknown flag --bogus"},
	}
	for _, tt := range usage {
		t.Run(strings.Join(tt.args[:2], " ")+" usage", func(t *testing.T) {
			expectOneLineError(t, exitUsage, tt.want, serverArgs(srv, tt.args...)...)
		})
	}
	expectOneLineError(t, exitUsage, "room list: url is required (--url or LIVEKIT_URL)", "room", "list", "--api-key", "k", "--api-secret", "s")
	expectOneLineError(t, exitUsage, `room list: url "ftp://x" has scheme "ftp"`, "room", "list", "--url", "ftp://x", "--api-key", "k", "--api-secret", "s")

	refused := []struct {
		args []string
		want string
	}{
		{[]string{"room", "delete", "--room", "nope"}, "room delete: the server refused: requested room does not exist"},
		{[]string{"room", "participants", "--room", "nope"}, `room participants: room "nope" does not exist`},
		{[]string{"room", "remove", "--room", "nope", "--identity", "x"}, "room remove: the server refused: participant does not exist"},
		{[]string{"room", "mute-track", "--room", "nope", "--identity", "x", "--track", "TR_1"}, "room mute-track: the server refused: participant does not exist"},
		{[]string{"room", "send-data", "--room", "nope", "--payload", "x"}, `room send-data: room "nope" does not exist`},
	}
	for _, tt := range refused {
		t.Run(strings.Join(tt.args[:2], " ")+" refused", func(t *testing.T) {
			expectOneLineError(t, exitFailure, tt.want, serverArgs(srv, tt.args...)...)
		})
	}
	expectOneLineError(t, exitFailure, "room list: server unreachable at ws://127.0.0.1:1", "room", "list", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s")
	code, stdout, stderr := runCLI(t, "room", "list", "--url", srv.URL(), "--api-key", lktest.DistinctKey, "--api-secret", "Wrong"+lktest.DistinctSecret)
	if code != exitFailure || !strings.Contains(stderr, "room list: the server rejected the credentials") || strings.Contains(stdout+stderr, lktest.DistinctSecret) {
		t.Fatalf("wrong secret: exit %d %q %q", code, stdout, stderr)
	}
}
