package load

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

// TestSpeakersRotate: in every turn exactly N of a room's talkers talk,
// publishers and audio publishers alike; over as many turns as talkers,
// each talks N times; every room of the run agrees.
func TestSpeakersRotate(t *testing.T) {
	for _, tc := range []struct{ pubs, audio, n int }{{3, 0, 1}, {2, 3, 2}, {1, 4, 3}} {
		c := DefaultConfig()
		c.Rooms, c.Publishers, c.AudioPublishers, c.Subscribers, c.Speakers = 2, tc.pubs, tc.audio, 1, tc.n
		s := newSpeakers(&c)
		talkers := tc.pubs + tc.audio
		turns := make([]int, talkers)
		for turn := range talkers {
			at := time.Unix(0, 0).Add(time.Duration(1000*talkers+turn)*SpeakerTurn + SpeakerTurn/2)
			perRoom := map[string][]int{}
			for _, m := range Plan(&c, Whole) {
				if m.Role == RoleSubscriber {
					continue
				}
				s.now = func() time.Time { return at }
				if s.talking(m)() {
					perRoom[m.Room] = append(perRoom[m.Room], m.Arrival/c.Rooms)
				}
			}
			if len(perRoom) != 2 || !slices.Equal(perRoom["load-1"], perRoom["load-2"]) || len(perRoom["load-1"]) != tc.n {
				t.Fatalf("%+v turn %d: talkers by room %v, want the same %d in each", tc, turn, perRoom, tc.n)
			}
			for _, slot := range perRoom["load-1"] {
				turns[slot]++
			}
		}
		for slot, n := range turns {
			if n != tc.n {
				t.Fatalf("%+v: talker %d talked in %d of %d turns, want %d", tc, slot, n, talkers, tc.n)
			}
		}
	}
	c := DefaultConfig()
	c.Publishers, c.AudioPublishers, c.Speakers = 2, 0, 2
	if newSpeakers(&c) != nil {
		t.Fatal("--speakers as many as the talkers should let every voice talk")
	}
}

// speakerLog keeps the active speaker lists a subscriber hears, with when.
type speakerLog struct {
	mu    sync.Mutex
	lists []speakerList
}

type speakerList struct {
	at       time.Time
	speakers []string
}

func (l *speakerLog) follow(ctx context.Context, b *bot.Bot, wg *sync.WaitGroup) {
	sub := b.Events().Subscribe(4096)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer sub.Cancel()
		for {
			select {
			case env, ok := <-sub.C:
				if !ok {
					return
				}
				if ev, ok := env.Event.(event.ActiveSpeakersChanged); ok {
					l.mu.Lock()
					l.lists = append(l.lists, speakerList{at: env.Time, speakers: ev.Speakers})
					l.mu.Unlock()
				}
			case <-ctx.Done():
				return
			}
		}
	}()
}

// soleSpeakers lists who was heard speaking alone, in order, with repeats
// folded.
func (l *speakerLog) soleSpeakers() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.lists {
		if len(s.speakers) == 1 && (len(out) == 0 || out[len(out)-1] != s.speakers[0]) {
			out = append(out, s.speakers[0])
		}
	}
	return out
}

// TestSpeakersTakeTurns: with three audio publishers and --speakers 1 on
// shared media, a subscriber hears one speaker at a time, two at most
// while a turn passes to the next (LiveKit smooths audio levels), and
// each speaker it hears alone is the one whose turn it is, or was a
// moment ago; over three turns it hears at least two different speakers
// alone.
func TestSpeakersTakeTurns(t *testing.T) {
	srv := lktest.Start(t)
	c := serverConfig(srv)
	c.Rooms, c.AudioPublishers, c.Subscribers, c.Speakers = 1, 3, 1, 1
	pool, err := newMediaPool(&c, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.close()
	const turn = 3 * time.Second
	pool.speakers.turn = turn
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var log speakerLog
	var following sync.WaitGroup
	slots := map[string]int{}
	for _, m := range Plan(&c, Whole) {
		slots[m.Identity] = m.Arrival / c.Rooms
	}
	r, err := NewRunner(Params{Config: c, Hooks: Hooks{
		Prepare: pool.prepare,
		Joined: func(m Member, b *bot.Bot) {
			if m.Role == RoleSubscriber {
				log.follow(ctx, b, &following)
			}
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Result, 1)
	go func() { done <- r.Run(ctx) }()
	deadline := time.Now().Add(60 * time.Second)
	for len(log.soleSpeakers()) < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	res := <-done
	following.Wait()
	if n := res.Counts(); n.Joined != 4 {
		t.Fatalf("counts %+v", n)
	}
	sole := log.soleSpeakers()
	log.mu.Lock()
	defer log.mu.Unlock()
	t.Logf("heard alone, in order: %v, in %d speaker lists", sole, len(log.lists))
	for _, s := range log.lists {
		if len(s.speakers) > 2 {
			t.Errorf("%d speakers at once at %s: %v", len(s.speakers), s.at.Format(time.StampMilli), s.speakers)
		}
		if len(s.speakers) != 1 {
			continue
		}
		slot, ok := slots[s.speakers[0]]
		if !ok {
			t.Fatalf("%s speaks, who is not an audio publisher", s.speakers[0])
		}
		// Within a second and a half of its turn: the server's detection
		// lags.
		if !pool.speakers.talks(slot, s.at) && !pool.speakers.talks(slot, s.at.Add(-1500*time.Millisecond)) {
			t.Errorf("%s (talker %d) speaks alone at %s, out of its turn", s.speakers[0], slot, s.at.Format(time.StampMilli))
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(sole)))) < 2 {
		t.Fatalf("heard alone, in order: %v; want at least two different speakers", sole)
	}
}
