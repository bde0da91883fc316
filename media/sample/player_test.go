package sample

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// sent is what a fake Writer saw: each sample's index (from the tick
// hook when set), key flag, duration, skipped time and arrival.
type sent struct {
	i        int
	key      bool
	dur      time.Duration
	skipped  time.Duration
	at       time.Duration // since the test started Run
	dataSize int
}

type recorder struct {
	mu    sync.Mutex
	start time.Time
	tick  int
	got   []sent
}

func (r *recorder) write(s Sample) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, sent{i: r.tick, key: s.Key, dur: s.Duration, skipped: s.Skipped, at: time.Since(r.start), dataSize: len(s.Data)})
	return nil
}

func (r *recorder) samples() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.got...)
}

func vp8File(t *testing.T, seconds, gop string, loop bool) *File {
	t.Helper()
	path := encode(t, "x.ivf", append(testsrc(seconds), "-c:v", "libvpx", "-g", gop, "-deadline", "realtime", "-cpu-used", "8")...)
	return mustOpen(t, path, Options{Loop: loop})
}

// TestPlayerPaces plays about a second of a 30 fps file and checks that
// no sample goes out before its media time and that the media time sent
// tracks the wall clock.
func TestPlayerPaces(t *testing.T) {
	f := vp8File(t, "2", "30", false)
	rec := &recorder{start: time.Now()}
	p := NewPlayer(f, rec.write)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(rec.start)
	got := rec.samples()
	var media time.Duration
	for k, s := range got {
		if s.at < media {
			t.Errorf("sample %d sent at %v, before its media time %v", k, s.at, media)
		}
		media += s.dur
	}
	// Samples due by the end: one at 0, then one per 1/30 s.
	due := int(elapsed*30/time.Second) + 1
	if len(got) > due || len(got) < due*8/10 {
		t.Errorf("%d samples in %v, want about %d", len(got), elapsed, due)
	}
	if media > elapsed+34*time.Millisecond || media < elapsed-200*time.Millisecond {
		t.Errorf("sent %v of media in %v", media, elapsed)
	}
	keys := 0
	for _, s := range got {
		if s.key {
			keys++
		}
	}
	if st := p.Stats(); st.Sent != uint64(len(got)) || st.Keyframes != uint64(keys) || keys == 0 || st.Loops != 0 || st.Bytes == 0 {
		t.Errorf("stats %+v for %d samples", st, len(got))
	}
}

func TestPlayerPlaysOut(t *testing.T) {
	f := vp8File(t, "0.5", "30", false)
	rec := &recorder{start: time.Now()}
	p := NewPlayer(f, rec.write)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(rec.start)
	if st := p.Stats(); st.Sent != 15 || st.Loops != 0 {
		t.Errorf("stats %+v, want 15 samples and no loop", st)
	}
	// Run returns when the last sample has played out, not before.
	if elapsed < f.Duration() || elapsed > f.Duration()+2*time.Second {
		t.Errorf("played %v of media in %v", f.Duration(), elapsed)
	}
}

// TestPlayerLoops checks that a looping file keeps going, starting each
// pass on its keyframe, and that two Players can share a File.
func TestPlayerLoops(t *testing.T) {
	f := vp8File(t, "0.5", "30", true)
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	players := []*Player{nil, nil}
	recs := []*recorder{{start: time.Now()}, {start: time.Now()}}
	var wg sync.WaitGroup
	for k := range players {
		players[k] = NewPlayer(f, recs[k].write)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := players[k].Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(recs[0].start)
	for k, p := range players {
		st := p.Stats()
		if st.Loops < 2 || st.Keyframes != st.Loops+1 {
			t.Errorf("player %d: stats %+v after %v of a %v file", k, st, elapsed, f.Duration())
		}
		if due := uint64(elapsed*30/time.Second) + 1; st.Sent > due || st.Sent < due*7/10 {
			t.Errorf("player %d: %d samples in %v, want about %d", k, st.Sent, elapsed, due)
		}
		for _, s := range recs[k].samples() {
			if s.dur <= 0 {
				t.Fatalf("player %d: a sample lasts %v; RTP timestamps would stall", k, s.dur)
			}
		}
	}
}

// keyIndexes lists the keyframes of f.
func keyIndexes(f *File) []int {
	var keys []int
	for i, e := range f.idx.entries {
		if e.key {
			keys = append(keys, i)
		}
	}
	return keys
}

// TestPlayerMute mutes and unmutes at given samples and checks where
// sending resumes: at the next keyframe, wrapping when the file loops.
func TestPlayerMute(t *testing.T) {
	f := vp8File(t, "2", "10", true)
	keys := keyIndexes(f)
	if len(keys) < 3 {
		t.Fatalf("keyframes at %v; the test needs several", keys)
	}
	last := keys[len(keys)-1]
	for _, tc := range []struct {
		name         string
		mute, unmute int
		resume       int // index of the first sample sent after unmuting
		loops        uint64
	}{
		{"between keyframes", 5, keys[1] + 2, keys[2], 0},
		{"on a keyframe", 5, keys[2], keys[2], 0},
		{"past the last keyframe", 5, last + 1, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			rec := &recorder{start: time.Now()}
			p := NewPlayer(f, rec.write)
			p.unpaced = true
			ticks := 0
			p.tick = func(i int) {
				rec.mu.Lock()
				rec.tick = i
				rec.mu.Unlock()
				switch ticks {
				case tc.mute:
					p.SetMuted(true)
				case tc.unmute:
					p.SetMuted(false)
				case 3 * f.Len():
					cancel()
				}
				ticks++
			}
			if err := p.Run(ctx); err != nil {
				t.Fatal(err)
			}
			got := rec.samples()
			if len(got) <= tc.mute || got[tc.mute-1].i != tc.mute-1 {
				t.Fatalf("%d samples before muting, want %d", len(got), tc.mute)
			}
			r := got[tc.mute]
			var skipped time.Duration
			for i := tc.mute; i != tc.resume; i = (i + 1) % f.Len() {
				skipped += f.idx.entries[i].dur
			}
			if r.i != tc.resume || !r.key || r.skipped != skipped {
				t.Errorf("resumed at sample %d (key %v, skipped %v), want %d after %v", r.i, r.key, r.skipped, tc.resume, skipped)
			}
			if st := p.Stats(); st.Loops < tc.loops {
				t.Errorf("stats %+v, want %d loops", st, tc.loops)
			}
		})
	}
}

func TestPlayerCancel(t *testing.T) {
	f := vp8File(t, "0.5", "30", true)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	p := NewPlayer(f, func(Sample) error { return nil })
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run did not return within 1s of cancel")
	}
	if p.Stats().Sent == 0 {
		t.Error("nothing sent in 100ms")
	}
}

func TestPlayerWriteError(t *testing.T) {
	f := vp8File(t, "0.5", "30", false)
	boom := errors.New("boom")
	n := 0
	p := NewPlayer(f, func(Sample) error {
		if n++; n == 3 {
			return boom
		}
		return nil
	})
	p.unpaced = true
	err := p.Run(context.Background())
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), f.Path()) || !strings.Contains(err.Error(), "sample 2") {
		t.Errorf("error %v, want boom naming the file and sample 2", err)
	}
	if st := p.Stats(); st.Sent != 2 {
		t.Errorf("stats %+v, want 2 sent", st)
	}
}
