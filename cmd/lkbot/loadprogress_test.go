package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/load"
)

// progressSample is the run at second sec: 40 bots planned, joined
// climbing by 5 a second, 12.3 Mbit/s received, warm from second 10.
func progressSample(sec int) load.Sample {
	joined := min(5*sec, 40)
	return load.Sample{
		At:      time.Unix(1_700_000_000, 0).Add(time.Duration(sec) * time.Second),
		Elapsed: time.Duration(sec)*time.Second + 20*time.Millisecond,
		Warm:    sec >= 10, Planned: 40, Joined: joined, Tracks: 4 * joined,
		FailuresTotal: 1, SessionEndsTotal: 2,
		Traffic:      load.Traffic{Bytes: 1_537_500, Expected: 10_000, Lost: 25, Seconds: 1},
		LatencyP95Ms: 38, LatencyCount: 7,
	}
}

func TestLoadProgressPlainLineEveryFiveSeconds(t *testing.T) {
	var out bytes.Buffer
	p := newLoadProgress(&out, false)
	for sec := 1; sec <= 12; sec++ {
		s := progressSample(sec)
		if sec == 5 {
			s.Elapsed -= 100 * time.Millisecond // a late tick still counts as 5s
		}
		p.Update(s)
	}
	p.Close()
	p.Close()
	p.Update(progressSample(13))

	want := []string{
		"1s joined 5/40 tracks 20 rx 12.3 Mbit/s loss 0.25% p95 38ms errors 3 (warm-up)",
		"5s joined 25/40 tracks 100 rx 12.3 Mbit/s loss 0.25% p95 38ms errors 3 (warm-up)",
		"10s joined 40/40 tracks 160 rx 12.3 Mbit/s loss 0.25% p95 38ms errors 3",
		"12s joined 40/40 tracks 160 rx 12.3 Mbit/s loss 0.25% p95 38ms errors 3", // at Close
	}
	if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadProgressCloseAddsNoLineAlreadyShown(t *testing.T) {
	var out bytes.Buffer
	p := newLoadProgress(&out, false)
	p.Update(progressSample(1))
	p.Close()
	if n := strings.Count(out.String(), "\n"); n != 1 {
		t.Errorf("%d lines, want the one of the only sample:\n%s", n, out.String())
	}

	out.Reset()
	newLoadProgress(&out, false).Close()
	if out.Len() != 0 {
		t.Errorf("a run without samples wrote %q", out.String())
	}
}

func TestProgressLineFlagsWhatIsSuspect(t *testing.T) {
	s := progressSample(20)
	s.Generator.Saturated = true
	s.LatencyCount = 0
	got := progressLine(s)
	want := "20s joined 40/40 tracks 160 rx 12.3 Mbit/s loss 0.25% p95 - errors 3 (generator saturated)"
	if got != want {
		t.Errorf("line %q\nwant %q", got, want)
	}
}

func TestFormatBitrate(t *testing.T) {
	for _, c := range []struct {
		bps  float64
		want string
	}{
		{0, "0 bit/s"},
		{999, "999 bit/s"},
		{64_000, "64.0 kbit/s"},
		{12_300_000, "12.3 Mbit/s"},
		{2.5e9, "2.5 Gbit/s"},
		{4e12, "4000.0 Gbit/s"},
	} {
		if got := formatBitrate(c.bps); got != c.want {
			t.Errorf("formatBitrate(%g) = %q, want %q", c.bps, got, c.want)
		}
	}
}

func TestLoadProgressBarRendersAndStops(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	var out bytes.Buffer
	p := newLoadProgress(&out, true)
	for sec := 1; sec <= 12; sec++ {
		p.Update(progressSample(sec))
	}
	s := progressSample(13)
	s.Joined, s.Generator.Saturated = 38, true // bots leave: the bar goes back
	p.Update(s)
	p.Close()
	p.Close()
	p.Update(progressSample(14))
	lktest.WaitNoLeaks(t, ignore)

	// mpb draws once more after the last sample: the output ends with the
	// bar of that sample, then its figures.
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("output %q has no bar and figures", out.String())
	}
	bar, figures := lines[len(lines)-2], lines[len(lines)-1]
	if !strings.HasPrefix(strings.TrimSpace(bar), "13s joined 38/40 [") || !strings.HasSuffix(bar, "] (generator saturated)") {
		t.Errorf("last bar %q", bar)
	}
	if want := "tracks 160 rx 12.3 Mbit/s loss 0.25% p95 38ms errors 3"; figures != want {
		t.Errorf("last figures %q, want %q", figures, want)
	}
}

func TestLogLinesGoAboveTheBar(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	var out bytes.Buffer
	p := newLoadProgress(&out, true)
	p.Update(progressSample(1))
	if _, err := p.Write([]byte("warn: a join failed\n")); err != nil {
		t.Fatal(err)
	}
	p.Update(progressSample(2))
	p.Close()
	if _, err := p.Write([]byte("after the run\n")); err != nil {
		t.Fatal(err)
	}
	lktest.WaitNoLeaks(t, ignore)

	got := out.String()
	logAt, lastBar := strings.Index(got, "warn: a join failed\n"), strings.LastIndex(got, "2s joined 10/40")
	if logAt < 0 || lastBar < logAt {
		t.Errorf("the log line should come whole, before the last bar:\n%s", got)
	}
	if !strings.HasSuffix(got, "\nafter the run\n") {
		t.Errorf("a line written after Close should follow the last drawing:\n%s", got)
	}
}

func TestLogLinesPassThroughPlainOutput(t *testing.T) {
	var out bytes.Buffer
	p := newLoadProgress(&out, false)
	p.Update(progressSample(1))
	if _, err := p.Write([]byte("warn: a join failed\n")); err != nil {
		t.Fatal(err)
	}
	p.Close()
	if want := progressLine(progressSample(1)) + "\nwarn: a join failed\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is a terminal")
	}
}
