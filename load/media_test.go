package load

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
)

// TestMediaPoolPrepares: with shared media a publisher's bot gets the
// shared camera and microphone, an audio publisher's the microphone, a
// subscriber's nothing; live media gives only the talk switch, and only
// with --speakers; a nil pool changes nothing.
func TestMediaPoolPrepares(t *testing.T) {
	type want struct{ video, audio, talking bool }
	for _, tc := range []struct {
		media    string
		speakers int
		roles    map[Role]want
	}{
		{MediaShared, 0, map[Role]want{RolePublisher: {true, true, false}, RoleAudioPublisher: {false, true, false}}},
		{MediaShared, 1, map[Role]want{RolePublisher: {true, true, true}, RoleAudioPublisher: {false, true, true}}},
		{MediaLive, 1, map[Role]want{RolePublisher: {false, false, true}, RoleAudioPublisher: {false, false, true}}},
		{MediaLive, 0, map[Role]want{}},
	} {
		c := DefaultConfig()
		c.Bot.Resolution, c.Bot.FPS = "320x180", 15
		c.Rooms, c.Publishers, c.AudioPublishers, c.Subscribers = 1, 1, 1, 1
		c.Media, c.Speakers = tc.media, tc.speakers
		pool, err := newMediaPool(&c, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range Plan(&c, Whole) {
			var p bot.Params
			pool.prepare(m, &p)
			w, ok := tc.roles[m.Role]
			if !ok {
				if p.Shared != nil {
					t.Errorf("%s media, %d speakers: the %s gets shared media %+v", tc.media, tc.speakers, m.Role, p.Shared)
				}
				continue
			}
			if p.Shared == nil || (p.Shared.Video != nil) != w.video || (p.Shared.Audio != nil) != w.audio || (p.Shared.Talking != nil) != w.talking {
				t.Errorf("%s media, %d speakers: the %s gets %+v, want %+v", tc.media, tc.speakers, m.Role, p.Shared, w)
			}
		}
		if _, ok := pool.videoStats(); ok != (tc.media == MediaShared) {
			t.Errorf("%s media: shared camera stats %v", tc.media, ok)
		}
		pool.close()
	}
	var none *mediaPool
	var p bot.Params
	none.prepare(Member{Role: RolePublisher}, &p)
	none.close()
	if p.Shared != nil {
		t.Fatal("a nil pool changed the params")
	}
}

// TestSharedMediaRun: a run whose two publishers send the pool's shared
// camera and microphone gives its subscriber decodable video and audio
// from both, the camera encoded once for the two; once the run has ended
// and the pool is closed, nothing it started is running.
func TestSharedMediaRun(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	c := serverConfig(srv)
	c.Rooms, c.Publishers, c.Subscribers, c.Media = 1, 2, 1, MediaShared
	pool, err := newMediaPool(&c, nil)
	if err != nil {
		t.Fatal(err)
	}
	subs := make(chan *bot.Bot, 1)
	r, err := NewRunner(Params{Config: c, Hooks: Hooks{
		Prepare: pool.prepare,
		Joined: func(m Member, b *bot.Bot) {
			if m.Role == RoleSubscriber {
				subs <- b
			}
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan *Result, 1)
	go func() { done <- r.Run(ctx) }()
	var sub *bot.Bot
	select {
	case sub = <-subs:
	case <-time.After(60 * time.Second):
		t.Fatal("the subscriber did not join")
	}
	deadline := time.Now().Add(60 * time.Second)
	for !receivesAll(sub, []string{"load-1-pub-1", "load-1-pub-2"}) {
		if time.Now().After(deadline) {
			t.Fatalf("the subscriber receives %+v, want 15 decodable frames and 50 audio packets from each publisher", sub.ReceivedTracks())
		}
		time.Sleep(100 * time.Millisecond)
	}
	st, _ := pool.videoStats()
	if st.Tracks != 2 || st.Layers[0].Encoded > st.Captured {
		t.Fatalf("the shared camera has %d tracks and encoded %d of %d frames, want 2 tracks and each frame once", st.Tracks, st.Layers[0].Encoded, st.Captured)
	}
	cancel()
	if n := (<-done).Counts(); n.Joined != 3 || n.FailedTotal() != 0 {
		t.Fatalf("counts %+v", n)
	}
	pool.close()
	checkNoLeak(t, ignore)
}

// receivesAll reports whether b has 15 decodable frames and 50 audio
// packets from each of publishers.
func receivesAll(b *bot.Bot, publishers []string) bool {
	got := map[string]bool{}
	for _, tr := range b.ReceivedTracks() {
		if (tr.Kind == "video" && tr.Quality.DecodableFrames >= 15) || (tr.Kind == "audio" && tr.Quality.Packets >= 50) {
			got[tr.Participant+"/"+tr.Kind] = true
		}
	}
	for _, p := range publishers {
		if !got[p+"/video"] || !got[p+"/audio"] {
			return false
		}
	}
	return true
}
