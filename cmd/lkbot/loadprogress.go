package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/lkbot/lkbot/load"
)

// plainEvery is how often, in the run's time, a plain progress line is
// written when the output is not a terminal: at 5s, 10s, 15s... of
// Sample.Elapsed, whatever the sampler's jitter.
const plainEvery = 5 * time.Second

// loadProgress shows a load run as it goes. On a terminal it draws a bar
// of joined bots over planned ones, with the run's figures below it,
// redrawn in place at each sample; elsewhere (a file, a pipe, a
// Kubernetes log) it writes a plain line every plainEvery. As an
// io.Writer it takes the log's lines, which would tear the bar if they
// were written to the same terminal behind its back.
type loadProgress struct {
	out io.Writer
	bar *progressBar // nil unless on a terminal

	mu      sync.Mutex
	closed  bool
	written bool         // whether a plain line was written
	slot    int64        // plainSlot of the last plain line
	pending *load.Sample // the latest sample when no line showed it yet
}

// newLoadProgress shows progress on out, as a bar when terminal is true.
func newLoadProgress(out io.Writer, terminal bool) *loadProgress {
	p := &loadProgress{out: out}
	if terminal {
		p.bar = newProgressBar(out)
	}
	return p
}

// isTerminal says whether w is a terminal, where a bar can be redrawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Update shows s: load.Params.OnSample calls it about once a second.
func (p *loadProgress) Update(s load.Sample) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	if p.bar != nil {
		p.bar.show(s)
		return
	}
	if p.written && plainSlot(s) <= p.slot {
		p.pending = &s
		return
	}
	p.writeLine(s)
}

// plainSlot numbers the plainEvery periods of the run: the first sample
// in each gets a plain line.
func plainSlot(s load.Sample) int64 {
	return int64(s.Elapsed.Round(time.Second) / plainEvery)
}

// writeLine writes s as a plain line; p.mu is held.
func (p *loadProgress) writeLine(s load.Sample) {
	fmt.Fprintln(p.out, progressLine(s))
	p.written, p.slot, p.pending = true, plainSlot(s), nil
}

// Close shows the latest sample if it is not shown yet and stops the
// display; the bar's goroutines have ended when it returns.
func (p *loadProgress) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	if p.bar != nil {
		p.bar.close()
		return
	}
	if p.pending != nil {
		p.writeLine(*p.pending)
	}
}

// Write writes b, a log line, on the display's output: above the bar on
// a terminal, so that the bar is redrawn below it rather than torn, and
// as is otherwise or once the display is closed.
func (p *loadProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || p.closed {
		return p.out.Write(b)
	}
	if n, err := p.bar.write(b); err == nil {
		return n, nil
	}
	return p.out.Write(b) // mpb stopped on an error of its own
}

// progressLine is the plain line of s, e.g.
// "12s joined 40/40 tracks 160 rx 12.3 Mbit/s loss 0.00% p95 38ms errors 0".
func progressLine(s load.Sample) string {
	return fmt.Sprintf("%s joined %d/%d %s%s", s.Elapsed.Round(time.Second), s.Joined, s.Planned, progressFigures(s), progressMarks(s))
}

// progressFigures are the figures of s after the bots' count.
func progressFigures(s load.Sample) string {
	p95 := "-"
	if s.LatencyCount > 0 {
		p95 = fmt.Sprintf("%dms", s.LatencyP95Ms)
	}
	return fmt.Sprintf("tracks %d rx %s loss %.2f%% p95 %s errors %d",
		s.Tracks, formatBitrate(s.Traffic.BitrateBps()), 100*s.Traffic.Loss(), p95, s.FailuresTotal+s.SessionEndsTotal)
}

// progressMarks flags what makes the figures provisional or suspect.
func progressMarks(s load.Sample) string {
	marks := ""
	if !s.Warm {
		marks += " (warm-up)"
	}
	if s.Generator.Saturated {
		marks += " (generator saturated)"
	}
	return marks
}

// formatBitrate writes bits per second in the largest unit under 1000.
func formatBitrate(bps float64) string {
	units := []string{"kbit/s", "Mbit/s", "Gbit/s"}
	if bps < 1000 {
		return fmt.Sprintf("%.0f bit/s", bps)
	}
	unit := ""
	for _, unit = range units {
		bps /= 1000
		if bps < 1000 {
			break
		}
	}
	return fmt.Sprintf("%.1f %s", bps, unit)
}

// The widths of the terminal's bar and of the count before it, in columns.
const (
	barWidth    = 40
	joinedWidth = len("10m00s joined 1000/1000")
)

// progressBar is the terminal's display: mpb redraws it when show asks,
// not on a timer, so it costs nothing between samples.
type progressBar struct {
	progress *mpb.Progress
	bar      *mpb.Bar
	refresh  chan any

	mu     sync.Mutex
	latest load.Sample
}

func newProgressBar(out io.Writer) *progressBar {
	b := &progressBar{refresh: make(chan any, 1)}
	b.progress = mpb.New(mpb.WithOutput(out), mpb.WithManualRefresh(b.refresh))
	// A total of 0 keeps the bar from completing when every bot has
	// joined: bots may leave and join again; show sets the total shown.
	b.bar = b.progress.AddBar(0,
		// A fixed width for the bar and the count keeps the bar from
		// shifting as the figures around it change.
		mpb.BarWidth(barWidth),
		mpb.PrependDecorators(decor.Any(b.joined, decor.WC{W: joinedWidth})),
		mpb.AppendDecorators(decor.Any(b.marks)),
		mpb.BarBtmExtender(mpb.BarFillerFunc(b.figures)),
	)
	return b
}

// show redraws the bar with s.
func (b *progressBar) show(s load.Sample) {
	b.mu.Lock()
	b.latest = s
	b.mu.Unlock()
	b.bar.SetTotal(int64(s.Planned), false)
	b.bar.SetCurrent(int64(s.Joined))
	b.redraw()
}

// write prints b above the bar, and has the bar redrawn so that b shows
// at once rather than at the next sample.
func (b *progressBar) write(p []byte) (int, error) {
	n, err := b.progress.Write(p)
	b.redraw()
	return n, err
}

// redraw asks mpb to draw the bar, unless a redraw is due already.
func (b *progressBar) redraw() {
	select {
	case b.refresh <- struct{}{}:
	default:
	}
}

// close draws the bar a last time and waits for mpb's goroutines.
func (b *progressBar) close() {
	b.bar.Abort(false)
	b.progress.Wait()
}

// joined is the decorator before the bar, as the plain line begins. It
// reads the latest sample, as the other decorators do, rather than the
// bar's count, which show sets a moment later.
func (b *progressBar) joined(decor.Statistics) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return fmt.Sprintf("%s joined %d/%d", b.latest.Elapsed.Round(time.Second), b.latest.Joined, b.latest.Planned)
}

// marks is the decorator after the bar: what makes the figures
// provisional or suspect.
func (b *progressBar) marks(decor.Statistics) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimSpace(progressMarks(b.latest))
}

// figures is the line below the bar.
func (b *progressBar) figures(w io.Writer, _ decor.Statistics) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, err := io.WriteString(w, progressFigures(b.latest)+"\n")
	return err
}
