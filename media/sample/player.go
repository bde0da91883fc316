package sample

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// Writer sends one sample; the bot wraps lksdk LocalTrack.WriteSample. It
// must not keep s.Data after it returns.
type Writer func(s Sample) error

// PlayerStats count what a Player has sent.
type PlayerStats struct {
	Sent      uint64 // samples written
	Bytes     uint64 // their payload bytes
	Keyframes uint64 // of Sent, keyframes (every Opus packet)
	Loops     uint64 // restarts at the end of the file
}

// Player sends a File's samples to a Writer, each when its media time is
// due. Media time is the sum of the durations before a sample, measured
// from the start of Run on the monotonic clock, so pacing neither drifts
// nor stretches: a late sample goes out at once and nothing is skipped.
type Player struct {
	f     *File
	w     Writer
	muted atomic.Bool

	sent, bytes, keyframes, loops atomic.Uint64

	// unpaced sends without waiting, for benchmarks.
	unpaced bool
	// tick, when set, hears the index of each sample as it falls due,
	// sent or not; tests drive muting with it.
	tick func(i int)
}

// NewPlayer returns a Player of f that writes to w. Several Players may
// share f.
func NewPlayer(f *File, w Writer) *Player {
	return &Player{f: f, w: w}
}

// SetMuted stops sending; media time keeps running. Unmuting resumes at
// the first keyframe at or after the current media position (wrapping when
// the file loops), since receivers cannot decode what follows before it.
func (p *Player) SetMuted(muted bool) { p.muted.Store(muted) }

// Stats returns the counters so far.
func (p *Player) Stats() PlayerStats {
	return PlayerStats{Sent: p.sent.Load(), Bytes: p.bytes.Load(), Keyframes: p.keyframes.Load(), Loops: p.loops.Load()}
}

// Run plays the file until ctx ends, the file ends (unless it loops) or a
// read or write fails. It returns nil when ctx ends or the file has played
// out, else an error naming the file. One Run at a time per Player.
func (p *Player) Run(ctx context.Context) error {
	entries := p.f.idx.entries
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var (
		buf     []byte
		due     time.Duration // media time of sample i
		skipped time.Duration // media time not sent since the last sample
		waitKey bool
		start   = time.Now()
	)
	for i := 0; ; {
		if !p.wait(ctx, start.Add(due), &timer) {
			return nil
		}
		if p.tick != nil {
			p.tick(i)
		}
		e := &entries[i]
		// Muting skips; after it, so does everything up to a keyframe.
		if waitKey = p.muted.Load() || waitKey && !e.key; waitKey {
			skipped += e.dur
		} else {
			s, err := readSample(p.f.r, p.f.idx, i, buf)
			if err != nil {
				return fmt.Errorf("play %q: %w", p.f.path, err)
			}
			buf, s.Skipped, skipped = s.Data, skipped, 0
			if err := p.w(s); err != nil {
				return fmt.Errorf("play %q: write sample %d: %w", p.f.path, i, err)
			}
			p.count(s)
		}
		due += e.dur
		if i++; i == len(entries) {
			if !p.f.loop {
				p.wait(ctx, start.Add(due), &timer) // let the last sample play out
				return nil
			}
			i = 0
			p.loops.Add(1)
		}
	}
}

func (p *Player) count(s Sample) {
	p.sent.Add(1)
	p.bytes.Add(uint64(len(s.Data)))
	if s.Key {
		p.keyframes.Add(1)
	}
}

// wait sleeps until at and reports whether ctx is still live. A sample
// already due returns at once.
func (p *Player) wait(ctx context.Context, at time.Time, timer **time.Timer) bool {
	d := time.Until(at)
	if p.unpaced || d <= 0 {
		return ctx.Err() == nil
	}
	if *timer == nil {
		*timer = time.NewTimer(d)
	} else {
		(*timer).Reset(d)
	}
	select {
	case <-ctx.Done():
		return false
	case <-(*timer).C:
		return true
	}
}
