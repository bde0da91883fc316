package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// kioskConfig is a bot that never gives up, with a short backoff so that
// tests do not wait.
func kioskConfig(c *Config) {
	c.Rejoin, c.RejoinMaxBackoff = true, 2*time.Second
	c.Resolution = "320x180"
}

// TestRejoinAfterRemoval: with --rejoin-after-removal a removed bot joins
// again, and an independent peer sees its camera decode and its
// microphone still muted, its metadata and attributes as they were.
func TestRejoinAfterRemoval(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { kioskConfig(c); c.RejoinAfterRemoval = true })
	events := collect(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setKioskState(ctx, t, b)

	rooms := lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
	if _, err := rooms.RemoveParticipant(ctx, &livekit.RoomParticipantIdentity{Room: "room", Identity: "bot"}); err != nil {
		t.Fatal(err)
	}
	rejoining := events.waitFor(20*time.Second, "rejoining", func(ev event.Event) bool { _, ok := ev.(event.Rejoining); return ok }).(event.Rejoining)
	if rejoining.Attempt != 1 || rejoining.Reason != "PARTICIPANT_REMOVED" {
		t.Errorf("rejoining %+v, want attempt 1 after PARTICIPANT_REMOVED", rejoining)
	}
	rejoined := events.waitFor(30*time.Second, "rejoined", func(ev event.Event) bool { _, ok := ev.(event.Rejoined); return ok }).(event.Rejoined)
	t.Logf("rejoined after %d attempt(s), %.0f ms out", rejoined.Attempt, rejoined.OutMs)
	if b.Rejoins() != 1 {
		t.Errorf("Rejoins() = %d, want 1", b.Rejoins())
	}
	_, _ = checkKioskSeen(ctx, t, srv, "node")
}

// setKioskState mutes the microphone and sets metadata and an attribute
// at run time: what a rejoin must restore.
func setKioskState(ctx context.Context, t *testing.T, b *Bot) {
	t.Helper()
	if err := b.SetMuted(livekit.TrackSource_MICROPHONE, true); err != nil {
		t.Fatal(err)
	}
	if err := b.SetMetadata(ctx, "kiosk-7"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetAttributes(ctx, map[string]string{"site": "lobby"}); err != nil {
		t.Fatal(err)
	}
}

// checkKioskSeen has a fresh rtc-node peer join and see the bot as
// setKioskState left it: camera frames decoding, microphone muted,
// metadata and attribute set. It returns when the peer was in the room
// and when it decoded its first frame of the bot's camera.
func checkKioskSeen(ctx context.Context, t *testing.T, srv *lktest.Server, identity string) (joined, decoded time.Time) {
	t.Helper()
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", identity))
	defer node.Close()
	in, err := node.WaitFor(ctx, testpeer.OfType("connected"))
	if err != nil {
		t.Fatalf("%s did not join: %v", identity, err)
	}
	frame, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "frame" && e.Participant == "bot" && e.StampOK
	})
	if err != nil {
		t.Fatalf("%s decoded no frame of the bot's camera: %v", identity, err)
	}
	mic, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Participant == "bot" && e.Kind == "audio"
	})
	if err != nil {
		t.Fatalf("%s never saw the bot's microphone: %v", identity, err)
	}
	if !mic.Muted || mic.Metadata != "kiosk-7" || mic.Attributes["site"] != "lobby" {
		t.Errorf("%s sees the microphone muted=%v, metadata %q, attributes %v: want muted, kiosk-7, site=lobby", identity, mic.Muted, mic.Metadata, mic.Attributes)
	}
	return in.At, frame.At
}

// TestRemovalEndsWithoutRejoinAfterRemoval: --rejoin alone does not fight
// the server's removal: the session ends as removed.
func TestRemovalEndsWithoutRejoinAfterRemoval(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { kioskConfig(c); c.Camera, c.Mic = "none", "none" })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rooms := lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
	if _, err := rooms.RemoveParticipant(ctx, &livekit.RoomParticipantIdentity{Room: "room", Identity: "bot"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.Done():
	case <-ctx.Done():
		t.Fatal("the removed bot did not end")
	}
	if err := b.Close(); !errors.Is(err, ErrRemoved) {
		t.Errorf("Close() = %v, want ErrRemoved", err)
	}
}

// TestServerRestartDrill kills the server with SIGKILL and starts it again
// on its ports, LKBOT_DRILL_CYCLES times (3 by default; make drill runs
// 20 with downtimes up to 60 s, or LKBOT_DRILL_MAX_DOWN), at random
// moments. Each time a fresh
// rtc-node peer must decode the bot's camera within 5 s of the server
// being back (plus the peer's own start), with the microphone still muted
// and the metadata as set. At the end the goroutines are back within 5 of
// where they were after the first rejoin, and the live heap within 20%.
func TestServerRestartDrill(t *testing.T) {
	cycles, maxDown := 3, 4*time.Second
	if n, err := strconv.Atoi(os.Getenv("LKBOT_DRILL_CYCLES")); err == nil && n > 0 {
		cycles, maxDown = n, 60*time.Second
	}
	if d, err := time.ParseDuration(os.Getenv("LKBOT_DRILL_MAX_DOWN")); err == nil && d > time.Second {
		maxDown = d
	}
	srv := lktest.Start(t)
	b := startBotLogging(t, srv, zap.NewNop(), kioskConfig)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(cycles)*(maxDown+90*time.Second))
	defer cancel()
	setKioskState(ctx, t, b)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	var goroutines int
	var heap uint64
	for cycle := 1; cycle <= cycles; cycle++ {
		time.Sleep(time.Duration(rng.Int64N(int64(2 * time.Second)))) // a random moment
		if err := srv.Kill(); err != nil {
			t.Fatal(err)
		}
		down := time.Second + time.Duration(rng.Int64N(int64(maxDown-time.Second)))
		time.Sleep(down)
		next, err := srv.Restart(ctx)
		if err != nil {
			t.Fatalf("cycle %d: restarting the server: %v", cycle, err)
		}
		srv = next
		t.Cleanup(func() { _ = next.Close() })
		back := time.Now()
		joined, decoded := checkKioskSeen(ctx, t, srv, "node"+strconv.Itoa(cycle))
		// The peer's own join is not the bot's to answer for.
		late := decoded.Sub(back) - joined.Sub(back)
		if joined.Before(back) {
			late = decoded.Sub(back)
		}
		t.Logf("cycle %d: down %v; a peer joined %v and decoded the camera %v after the server was back; rejoins %d",
			cycle, down.Round(time.Millisecond), joined.Sub(back).Round(time.Millisecond), decoded.Sub(back).Round(time.Millisecond), b.Rejoins())
		if late > 5*time.Second {
			t.Errorf("cycle %d: the peer saw the bot %v after it joined, want within 5 s of the server being back", cycle, late)
		}
		if cycle == 1 {
			goroutines, heap = settledCounts()
		}
	}
	g, h := settledCounts()
	t.Logf("after %d cycles: %d goroutines (%d after the first), live heap %d KiB (%d KiB after the first)", cycles, g, goroutines, h>>10, heap>>10)
	if g > goroutines+5 || g < goroutines-5 {
		t.Errorf("%d goroutines after %d cycles, %d after the first: want within 5", g, cycles, goroutines)
	}
	if float64(h) > 1.2*float64(heap) {
		t.Errorf("live heap %d KiB after %d cycles, %d KiB after the first: want within 20%%", h>>10, cycles, heap>>10)
	}
}

// settledCounts is the goroutine count and live heap after a GC, once
// the bot's pipelines have settled.
func settledCounts() (int, uint64) {
	time.Sleep(2 * time.Second)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return runtime.NumGoroutine(), m.HeapAlloc
}

// TestRejoinStopsOnExpiredToken: a bot given a --token that expires while
// the server is down stops with ErrTokenExpired after its first rejoin
// attempt, rather than failing forever.
func TestRejoinStopsOnExpiredToken(t *testing.T) {
	srv := lktest.Start(t)
	at := auth.NewAccessToken(srv.APIKey(), srv.APISecret()).SetIdentity("bot").SetValidFor(5 * time.Second).
		SetVideoGrant(&auth.VideoGrant{RoomJoin: true, Room: "room", CanPublish: ptr(true), CanSubscribe: ptr(true), CanPublishData: ptr(true)})
	token, err := at.ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	b := startBot(t, srv, func(c *Config) {
		kioskConfig(c)
		c.APIKey, c.APISecret, c.Token, c.Room, c.Identity = "", "", token, "", ""
	})
	events := collect(t, b)
	if err := srv.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.Done():
	case <-time.After(sdkReconnectWindow + 30*time.Second):
		t.Fatal("the bot did not stop once its token had expired")
	}
	err = b.Close()
	if !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("Close() = %v, want ErrTokenExpired", err)
	}
	t.Logf("ended: %v", err)
	n := 0
	for _, ev := range events.snapshot() {
		if _, ok := ev.(event.Rejoining); ok {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d rejoining events, want the one whose attempt found the token expired", n)
	}
}

func ptr[T any](v T) *T { return &v }

// TestBlackHoleRejoin black-holes the bot's links for 45 s, past the
// SDK's reconnect window, by freezing the server (SIGSTOP: no answer and
// no reset), then restores them: the bot gets back by itself, and a fresh
// peer sees it as it was.
func TestBlackHoleRejoin(t *testing.T) {
	srv := lktest.Start(t)
	b := startBot(t, srv, kioskConfig)
	events := collect(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	setKioskState(ctx, t, b)
	if err := srv.Freeze(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(45 * time.Second)
	if err := srv.Thaw(); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	events.waitFor(60*time.Second, "rejoined", func(ev event.Event) bool { _, ok := ev.(event.Rejoined); return ok })
	_, decoded := checkKioskSeen(ctx, t, srv, "node")
	t.Logf("rejoins %d; a fresh peer decoded the camera %v after the network came back", b.Rejoins(), decoded.Sub(back).Round(time.Millisecond))
}
