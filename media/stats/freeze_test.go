package stats

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestFreezes(t *testing.T) {
	tests := []struct {
		name       string
		run        func(r *Receiver, s *vp8Stream)
		wantCount  uint64
		wantFrozen [2]time.Duration // inclusive bounds on the total freeze time
	}{
		{
			name: "a 1 s stall in a 30 fps stream is one freeze of about 1 s",
			run: func(r *Receiver, s *vp8Stream) {
				s.play(r, 90, 90, nil)
				s.skip(time.Second)
				s.play(r, 60, 0, nil)
			},
			wantCount:  1,
			wantFrozen: [2]time.Duration{time.Second, time.Second + 40*time.Millisecond},
		},
		{
			name: "steady arrival jitter of up to 60 ms is no freeze",
			run: func(r *Receiver, s *vp8Stream) {
				rng := rand.New(rand.NewPCG(1, 2))
				s.play(r, 300, 90, func(int) time.Duration { return time.Duration(rng.IntN(60)) * time.Millisecond })
			},
		},
		{
			name: "a 3 s mute marked with Pause and Resume is no freeze",
			run: func(r *Receiver, s *vp8Stream) {
				s.play(r, 90, 90, nil)
				r.Pause()
				s.skip(3 * time.Second)
				r.Resume()
				s.play(r, 60, 60, nil)
			},
		},
		{
			name: "the same mute unmarked is a freeze",
			run: func(r *Receiver, s *vp8Stream) {
				s.play(r, 90, 90, nil)
				s.skip(3 * time.Second)
				s.play(r, 60, 60, nil)
			},
			wantCount:  1,
			wantFrozen: [2]time.Duration{3 * time.Second, 3*time.Second + 40*time.Millisecond},
		},
		{
			name: "a stall within the first 5 intervals is not judged",
			run: func(r *Receiver, s *vp8Stream) {
				s.play(r, 4, 90, nil)
				s.skip(time.Second)
				s.play(r, 60, 0, nil)
			},
		},
		{
			name: "two stalls are two freezes",
			run: func(r *Receiver, s *vp8Stream) {
				s.play(r, 30, 90, nil)
				s.skip(500 * time.Millisecond)
				s.play(r, 60, 0, nil)
				s.skip(500 * time.Millisecond)
				s.play(r, 60, 0, nil)
			},
			wantCount:  2,
			wantFrozen: [2]time.Duration{time.Second, time.Second + 80*time.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReceiver("video/VP8", 90000)
			tt.run(r, newVP8Stream(30, 3))
			q := r.Quality()
			if q.Freezes != tt.wantCount || q.FreezeDuration < tt.wantFrozen[0] || q.FreezeDuration > tt.wantFrozen[1] {
				t.Errorf("freezes = %d lasting %v, want %d lasting %v to %v",
					q.Freezes, q.FreezeDuration, tt.wantCount, tt.wantFrozen[0], tt.wantFrozen[1])
			}
			if q.DecodableFrames == 0 || q.Lost != 0 {
				t.Errorf("decodable frames = %d, lost = %d: the stream itself should be clean", q.DecodableFrames, q.Lost)
			}
		})
	}
}

func TestFreezeRatioAndFPS(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	s := newVP8Stream(30, 2)
	s.play(r, 91, 90, nil) // 90 intervals: 3 s
	s.skip(time.Second)
	s.play(r, 1, 0, nil) // one interval of 1 s + 1/30 s
	q := r.Quality()
	frozen := time.Second + time.Second/30
	video := 90*(time.Second/30) + frozen
	if q.FreezeDuration != frozen || q.VideoDuration != video {
		t.Fatalf("frozen %v of %v, want %v of %v", q.FreezeDuration, q.VideoDuration, frozen, video)
	}
	if want := frozen.Seconds() / video.Seconds(); !near(q.FreezeRatio(), want, 1e-9) {
		t.Errorf("freeze ratio = %v, want %v", q.FreezeRatio(), want)
	}
	if want := 91 / video.Seconds(); !near(q.FPS(), want, 1e-9) {
		t.Errorf("fps = %v, want %v", q.FPS(), want)
	}
}

func TestHarmonicFrameRate(t *testing.T) {
	tests := []struct {
		name      string
		intervals []time.Duration
		want      float64
	}{
		{"steady 25 fps", repeat(40*time.Millisecond, 100), 25},
		// Σd = 1 s + 1 s, Σd² = 10 × 0.01 + 1 = 1.1: one stall drags the
		// rate from the 5.5 fps of a plain count down to 1.8.
		{"ten 100 ms intervals and a 1 s stall", append(repeat(100*time.Millisecond, 10), time.Second), 2 / 1.1},
		{"no interval", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f freezes
			at := t0
			f.frame(at)
			for _, d := range tt.intervals {
				at = at.Add(d)
				f.frame(at)
			}
			q := Quality{VideoDuration: f.duration, SquaredIntervals: f.sumSq}
			if got := q.HarmonicFPS(); !near(got, tt.want, 1e-9) {
				t.Errorf("harmonic fps = %v, want %v", got, tt.want)
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}
