package reception

import (
	"testing"
	"time"
)

// ntpOf is the NTP timestamp of w.
func ntpOf(w time.Time) uint64 {
	secs := uint64(w.Unix() + ntpEpochOffset)
	frac := uint64(w.Nanosecond()) << 32 / 1e9
	return secs<<32 | frac
}

// near wants got within a microsecond of want (NTP fractions round).
func near(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if d := got.Sub(want); d < -time.Microsecond || d > time.Microsecond {
		t.Errorf("%s: %v, want %v (off by %v)", what, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano), d)
	}
}

// frameTime is frame i's time at 30 fps from base.
func frameTime(base time.Time, i int) time.Time {
	return base.Add(time.Duration(i) * time.Second / 30)
}

// TestArrivalMapping: before any sender report, frame times count from
// the first packet's arrival by RTP time.
func TestArrivalMapping(t *testing.T) {
	pkts := vp8Stream(vp8Frames(30, 500, 320, 240, 0), 0, 12345)
	for _, s := range pkts {
		s.arrival = s.arrival.Add(time.Duration(s.pkt.SequenceNumber%3) * 7 * time.Millisecond) // jitter
	}
	r := newRecv(t, "video/VP8")
	r.push(pkts)
	r.flush()
	for i, f := range r.frames {
		near(t, "frame", f.Wall, frameTime(t0, i))
	}
	if st := r.Stats(); st.SenderClock || st.SenderReports != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestSenderReportMapping: frame time = report's NTP + (RTP - report's
// RTP) / clock rate, across the 32-bit wrap of RTP time, from a report
// that came before any packet.
func TestSenderReportMapping(t *testing.T) {
	base := uint32(1<<32 - 10*step) // wraps at frame 10
	srWall := time.Date(2026, 12, 3, 13, 59, 59, 500_000_000, time.UTC)
	r := newRecv(t, "video/VP8")
	// The report names frame 12's instant, after the wrap.
	r.SenderReport(ntpOf(srWall), base+12*step)
	r.push(vp8Stream(vp8Frames(30, 500, 320, 240, 0), 0, base))
	r.flush()
	if len(r.frames) != 30 {
		t.Fatalf("%d frames", len(r.frames))
	}
	for i, f := range r.frames {
		near(t, "frame", f.Wall, frameTime(srWall, i-12))
	}
	if st := r.Stats(); !st.SenderClock || st.SenderReports != 1 || st.ClockShift != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestLatestReport: each report re-anchors the mapping; a report older
// than the frames (RTP before the wrap, frames after) still maps right.
// The sender's clock moving by 150 ms is slewed into, not jumped.
func TestLatestReport(t *testing.T) {
	base := uint32(1<<32 - 5*step)
	pkts := vp8Stream(vp8Frames(120, 500, 320, 240, 0), 0, base)
	w1 := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	w2 := w1.Add(250 * time.Millisecond) // the sender's clock moved
	r := newRecv(t, "video/VP8")
	r.SenderReport(ntpOf(w1), base)
	r.push(pkts[:20])
	r.SenderReport(ntpOf(w2), base+3*step) // before the wrap, frames now after it
	r.push(pkts[20:])
	r.flush()
	for i := range 19 { // frame 19 was held until frame 20 arrived
		near(t, "before", r.frames[i].Wall, frameTime(w1, i))
	}
	checkSpacing(t, r.frames)
	// 150 ms at 10% of 33 ms a frame: 45 frames after frame 18.
	for i := 19 + 45; i < len(r.frames); i++ {
		near(t, "after", r.frames[i].Wall, frameTime(w2, i-3))
	}
}

// checkSpacing wants 30 fps frames to stay within 10% of 1/30 s apart.
func checkSpacing(t *testing.T, frames []Frame) {
	t.Helper()
	nominal := time.Second / 30
	for i := 1; i < len(frames); i++ {
		gap := frames[i].Wall.Sub(frames[i-1].Wall)
		if gap < nominal*9/10-time.Microsecond || gap > nominal*11/10+time.Microsecond {
			t.Fatalf("frames %d and %d are %v apart, want %v within 10%%", i-1, i, gap, nominal)
		}
	}
}

// TestSwitchToSenderReports: the arrival mapping holds until the first
// report, which is reported once. The report's 80 ms move is slewed
// into, so frames stay evenly spaced rather than bunching up.
func TestSwitchToSenderReports(t *testing.T) {
	pkts := vp8Stream(vp8Frames(90, 500, 320, 240, 0), 0, 777)
	var shifts []time.Duration
	r := &recv{clock: fakeClock{now: t0}}
	tr, err := New(Params{MimeType: "video/VP8", Now: r.clock.Now, OnSenderClock: func(d time.Duration) { shifts = append(shifts, d) }})
	if err != nil {
		t.Fatal(err)
	}
	r.Track = tr
	r.push(pkts[:30])
	// The sender says frame 30 was captured 80 ms before it would have by
	// the arrival mapping: network delay.
	srWall := frameTime(t0, 30).Add(-80 * time.Millisecond)
	r.SenderReport(ntpOf(srWall), 777+30*step)
	r.push(pkts[30:])
	r.SenderReport(ntpOf(srWall), 777+30*step) // a second report: no second switch
	r.flush()
	for i := range 29 {
		near(t, "before", r.frames[i].Wall, frameTime(t0, i))
	}
	checkSpacing(t, r.frames)
	// 80 ms at 10% of 33 ms a frame: 24 frames after frame 28.
	for i := 29 + 24; i < 90; i++ {
		near(t, "after", r.frames[i].Wall, frameTime(srWall, i-30))
	}
	st := r.Stats()
	if !st.SenderClock || st.SenderReports != 2 || len(shifts) != 1 {
		t.Fatalf("stats %+v, shifts %v", st, shifts)
	}
	if d := st.ClockShift + 80*time.Millisecond; d < -time.Microsecond || d > time.Microsecond || shifts[0] != st.ClockShift {
		t.Errorf("shift %v (callback %v), want -80ms", st.ClockShift, shifts[0])
	}
}

// TestPause: a track paused for 3 s (RTP time jumps, nothing arrives)
// shows the pause in its frame times, by either mapping.
func TestPause(t *testing.T) {
	for _, withSR := range []bool{false, true} {
		name := "arrival"
		if withSR {
			name = "sender report"
		}
		t.Run(name, func(t *testing.T) {
			frames := vp8Frames(60, 500, 320, 240, 0)
			pkts := vp8Stream(frames, 40000, 5)
			for _, s := range pkts[30:] {
				s.pkt.Timestamp += 3 * 90000
				s.arrival = s.arrival.Add(3 * time.Second)
			}
			r := newRecv(t, "video/VP8")
			if withSR {
				r.SenderReport(ntpOf(t0.Add(-time.Hour)), 5)
			}
			r.push(pkts)
			r.flush()
			if len(r.frames) != 60 {
				t.Fatalf("%d frames", len(r.frames))
			}
			if d := r.frames[30].Wall.Sub(r.frames[29].Wall); d < 3*time.Second+33*time.Millisecond || d > 3*time.Second+34*time.Millisecond {
				t.Errorf("frames 29 to 30: %v, want 3.033 s", d)
			}
			near(t, "last", r.frames[59].Wall, frameTime(r.frames[0].Wall.Add(3*time.Second), 59))
		})
	}
}

// TestNTPTime: the NTP epoch and fraction.
func TestNTPTime(t *testing.T) {
	w := time.Date(2026, 12, 3, 14, 0, 0, 250_000_000, time.UTC)
	if got := ntpTime(ntpOf(w)); !got.Equal(w) {
		t.Errorf("ntpTime: %v, want %v", got, w)
	}
	if got := ntpTime(uint64(ntpEpochOffset) << 32); !got.Equal(time.Unix(0, 0)) {
		t.Errorf("Unix epoch: %v", got)
	}
}
