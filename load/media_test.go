package load

import (
	"testing"

	"github.com/lkbot/lkbot/bot"
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
