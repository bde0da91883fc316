package bot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// joinWatched starts a bot whose events are collected from before it
// connects, so that the test sees the first event of the session.
func joinWatched(t *testing.T, srv *lktest.Server, change func(*Config)) (*Bot, *eventLog) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Resolution, cfg.FPS = "room", "320x180", 15
	if change != nil {
		change(&cfg)
	}
	b, err := New(Params{Config: cfg, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	events := collect(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	return b, events
}

// published waits until b has published source.
func published(t *testing.T, b *Bot, source string) {
	t.Helper()
	eventually(t, 15*time.Second, b.Identity()+" publishes "+source, func() bool {
		for _, ts := range b.Status().Tracks {
			if ts.Source == source && ts.SID != "" {
				return true
			}
		}
		return false
	})
}

// index is the position of the first event that matches, or -1.
func (l *eventLog) index(match func(event.Event) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.IndexFunc(l.all, match)
}

// TestRoomAsFoundFollowsConnected: connected is the first event; a
// participant already in the room is reported by participant_joined with
// its metadata and attributes, never as a change from nothing, and then
// its tracks, with their codec.
func TestRoomAsFoundFollowsConnected(t *testing.T) {
	srv := lktest.Start(t)
	first, _ := joinWatched(t, srv, func(c *Config) {
		c.Identity, c.Camera, c.Mic = "first", "none", "synthetic"
		c.Metadata, c.Attributes = "hello", map[string]string{"role": "host"}
	})
	published(t, first, SourceMicrophone)

	_, events := joinWatched(t, srv, func(c *Config) {
		c.Identity, c.Camera, c.Mic, c.Metadata = "second", "none", "none", "me"
	})
	events.forbid("a change reported for the initial state", func(ev event.Event) bool {
		switch e := ev.(type) {
		case event.ParticipantMetadataChanged:
			return true
		case event.ParticipantAttributesChanged:
			return e.Identity != "second"
		}
		return false
	})
	isJoin := func(ev event.Event) bool {
		j, ok := ev.(event.ParticipantJoined)
		return ok && j.Identity == "first"
	}
	isTrack := func(ev event.Event) bool {
		p, ok := ev.(event.TrackPublished)
		return ok && p.Participant == "first" && p.Source == SourceMicrophone
	}
	got := events.waitAll(15*time.Second, map[string]func(event.Event) bool{"join": isJoin, "track": isTrack})

	if c, ok := events.snapshot()[0].(event.Connected); !ok || c.Identity != "second" || c.Metadata != "me" {
		t.Fatalf("first event %#v, want connected with the bot's metadata; every event:\n%s", events.snapshot()[0], events.dump())
	}
	if j, tr := events.index(isJoin), events.index(isTrack); j > tr {
		t.Errorf("first's track was reported before first joined:\n%s", events.dump())
	}
	if j := got["join"].(event.ParticipantJoined); j.Metadata != "hello" || j.Attributes["role"] != "host" {
		t.Errorf("participant_joined %+v, want metadata hello and attributes role=host", j)
	}
	if tr := got["track"].(event.TrackPublished); tr.MimeType != "audio/opus" || tr.Kind != "audio" {
		t.Errorf("track_published %+v, want an audio/opus track", tr)
	}

	// One who comes later is reported the same way: its state in its
	// participant_joined, not as a change.
	joinWatched(t, srv, func(c *Config) {
		c.Identity, c.Camera, c.Mic = "third", "none", "none"
		c.Metadata, c.Attributes = "late", map[string]string{"role": "guest"}
	})
	third := events.waitFor(15*time.Second, "third joins", func(ev event.Event) bool {
		j, ok := ev.(event.ParticipantJoined)
		return ok && j.Identity == "third"
	}).(event.ParticipantJoined)
	if third.Metadata != "late" || third.Attributes["role"] != "guest" {
		t.Errorf("participant_joined %+v, want metadata late and attributes role=guest", third)
	}
}

// TestLocalEventsSayLocal: the bot's own track_published names its codec
// and size, and its own connection quality says local.
func TestLocalEventsSayLocal(t *testing.T) {
	srv := lktest.Start(t)
	_, events := joinWatched(t, srv, func(c *Config) {
		c.Identity, c.Camera, c.Mic, c.VideoCodec, c.Simulcast = "bot", "synthetic", "synthetic", CodecVP8, false
	})
	got := events.waitAll(30*time.Second, map[string]func(event.Event) bool{
		"camera": func(ev event.Event) bool {
			p, ok := ev.(event.TrackPublished)
			return ok && p.Local && p.Source == SourceCamera
		},
		"microphone": func(ev event.Event) bool {
			p, ok := ev.(event.TrackPublished)
			return ok && p.Local && p.Source == SourceMicrophone
		},
		"own quality": func(ev event.Event) bool {
			q, ok := ev.(event.ConnectionQualityChanged)
			return ok && q.Participant == "bot"
		},
	})
	if cam := got["camera"].(event.TrackPublished); cam.MimeType != "video/VP8" || cam.Width != 320 || cam.Height != 180 || cam.Simulcast {
		t.Errorf("camera track_published %+v, want video/VP8 320x180 without simulcast", cam)
	}
	if mic := got["microphone"].(event.TrackPublished); mic.MimeType != "audio/opus" {
		t.Errorf("microphone track_published %+v, want audio/opus", mic)
	}
	if q := got["own quality"].(event.ConnectionQualityChanged); !q.Local {
		t.Errorf("the bot's own connection quality says %+v, want local", q)
	}

	_, layered := joinWatched(t, srv, func(c *Config) {
		c.Identity, c.Camera, c.Mic, c.VideoCodec, c.Simulcast, c.Resolution = "layered", "synthetic", "none", CodecVP8, true, "640x360"
	})
	cam := layered.waitFor(30*time.Second, "simulcast camera", func(ev event.Event) bool {
		p, ok := ev.(event.TrackPublished)
		return ok && p.Local && p.Source == SourceCamera
	}).(event.TrackPublished)
	if cam.MimeType != "video/VP8" || cam.Width != 640 || cam.Height != 360 || !cam.Simulcast {
		t.Errorf("simulcast camera track_published %+v, want video/VP8 640x360 with simulcast", cam)
	}
}

// speakerWatcher records the active-speaker lists a plain lksdk
// participant receives from the server, and how often one repeated the
// list before it.
type speakerWatcher struct {
	mu      sync.Mutex
	last    []string
	repeats int
}

func (w *speakerWatcher) update(ps []lksdk.Participant) {
	ids := []string{}
	for _, p := range ps {
		ids = append(ids, p.Identity())
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last != nil && slices.Equal(ids, w.last) {
		w.repeats++
	}
	w.last = ids
}

func (w *speakerWatcher) repeated() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.repeats
}

// TestActiveSpeakersOnlyOnChange: while the same participant speaks, the
// server repeats the same list; the bot reports each list once.
func TestActiveSpeakersOnlyOnChange(t *testing.T) {
	srv := lktest.Start(t)
	speaker, _ := joinWatched(t, srv, func(c *Config) { c.Identity, c.Camera, c.Mic = "speaker", "none", "synthetic" })
	published(t, speaker, SourceMicrophone)
	_, events := joinWatched(t, srv, func(c *Config) { c.Identity, c.Camera, c.Mic = "listener", "none", "none" })

	// The server sends speaker updates to the participants subscribed to
	// the speaker: the watcher, like the bot, subscribes.
	var w speakerWatcher
	cb := lksdk.NewRoomCallback()
	cb.OnActiveSpeakersChanged = w.update
	watcher, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", "watcher"), cb, lksdk.WithAutoSubscribe(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(watcher.Disconnect)

	// The bot gets the same updates as the watcher: once the watcher has
	// seen the list repeated a few times, so has the bot.
	eventually(t, 60*time.Second, "the server repeats a speakers list", func() bool { return w.repeated() >= 3 })
	var last []string
	speakers := 0
	for _, ev := range events.snapshot() {
		s, ok := ev.(event.ActiveSpeakersChanged)
		if !ok {
			continue
		}
		speakers++
		if last != nil && slices.Equal(s.Speakers, last) {
			t.Fatalf("active_speakers_changed repeated %q; every event:\n%s", s.Speakers, events.dump())
		}
		last = s.Speakers
	}
	if speakers == 0 {
		t.Fatalf("no active_speakers_changed while the server sent updates; every event:\n%s", events.dump())
	}
}

// TestPermissionsChanged: an admin's permission change is reported for the
// bot itself and for a participant it watches.
func TestPermissionsChanged(t *testing.T) {
	srv := lktest.Start(t)
	_, firstEvents := joinWatched(t, srv, func(c *Config) { c.Identity, c.Camera, c.Mic = "first", "none", "none" })
	b, events := joinWatched(t, srv, func(c *Config) { c.Identity, c.Camera, c.Mic = "bot", "none", "none" })
	firstEvents.waitFor(15*time.Second, "bot joins", func(ev event.Event) bool {
		j, ok := ev.(event.ParticipantJoined)
		return ok && j.Identity == "bot"
	})

	rs := lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := rs.UpdateParticipant(ctx, &livekit.UpdateParticipantRequest{
		Room: "room", Identity: "bot",
		Permission: &livekit.ParticipantPermission{CanSubscribe: true, CanPublish: true, CanPublishData: false, CanPublishSources: []livekit.TrackSource{livekit.TrackSource_MICROPHONE}},
	}); err != nil {
		t.Fatal(err)
	}
	restricted := func(local bool) func(ev event.Event) bool {
		return func(ev event.Event) bool {
			p, ok := ev.(event.ParticipantPermissionsChanged)
			return ok && p.Identity == "bot" && p.Local == local && p.CanPublish && !p.CanPublishData &&
				slices.Equal(p.CanPublishSources, []string{SourceMicrophone})
		}
	}
	events.waitFor(15*time.Second, "the bot's own permissions", restricted(true))
	firstEvents.waitFor(15*time.Second, "first sees the bot's permissions", restricted(false))
	// The server would drop the packet silently: SendData says so instead.
	if err := b.SendData(DataMessage{Payload: []byte("hi"), Reliable: true}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("SendData after canPublishData was revoked: %v, want ErrNotAllowed", err)
	}
}
