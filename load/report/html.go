package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lkbot/lkbot/load"
)

//go:embed html.tmpl
var htmlTemplate string

// page is what html.tmpl shows.
type page struct {
	Title, Subtitle  string
	Invalid, Missing string
	Facts, Config    []fact
	Thresholds       []shownThreshold
	Summary          string
	Time, Histograms []figure
	// TimeNote says when the warm-up ended, and for a merge what its
	// interval latency means.
	TimeNote        string
	Failures        []Failure
	FailuresOmitted int
}

type fact struct{ Name, Value string }

// shownThreshold is a threshold with its values written as its flag takes
// them (2%, 400ms).
type shownThreshold struct {
	Name, Limit, Measured string
	OK                    bool
}

// WriteHTML writes r's HTML report (RenderHTML) to path, through a
// temporary file beside it, so that a reader never sees half a page.
func WriteHTML(path string, r *Report) error {
	var buf bytes.Buffer
	if err := RenderHTML(&buf, r); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

// RenderHTML writes r as one self-contained HTML page: inline CSS and
// inline SVG plots, no script, nothing fetched, so that it opens offline
// and as a CI artifact. It plots the series (bots joined, bitrate, loss,
// latency, frames/s, the generator's CPU) and the latency and join-time
// histograms, under the run's facts, its thresholds, the summary and its
// configuration. A figure with no data says so instead.
func RenderHTML(w io.Writer, r *Report) error {
	p, err := pageOf(r)
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	t, err := template.New("report").Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	if err := t.Execute(w, p); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return nil
}

func pageOf(r *Report) (*page, error) {
	var summary strings.Builder
	if err := WriteSummary(&summary, r); err != nil {
		return nil, err
	}
	timeFigs, err := timeFigures(r.Series)
	if err != nil {
		return nil, err
	}
	histFigs, err := histogramFigures(r.Totals.Quality)
	if err != nil {
		return nil, err
	}
	p := &page{
		Title:           fmt.Sprintf("lkbot load: %d bots in %d rooms, %s", r.Totals.Bots.Planned, len(r.Rooms), r.StartedAt.UTC().Format("2006-01-02 15:04 UTC")),
		Subtitle:        fmt.Sprintf("%d of %d bots joined, in %d rooms; %s", r.Totals.Bots.Joined, r.Totals.Bots.Planned, len(r.Rooms), shardText(r)),
		Invalid:         r.Invalid,
		Facts:           facts(r),
		Config:          configFacts(r.Config),
		Summary:         summary.String(),
		Time:            timeFigs,
		Histograms:      histFigs,
		Failures:        r.Failures,
		FailuresOmitted: r.FailuresOmitted,
	}
	p.TimeNote = timeNote(r)
	if m := r.Merged; m != nil && len(m.Missing) > 0 {
		p.Missing = fmt.Sprintf("shards %s of %d are missing from this merge", indexList(m.Missing), m.Count)
	}
	for _, t := range r.Thresholds {
		p.Thresholds = append(p.Thresholds, shownThreshold{Name: t.Name, Limit: load.FormatLimit(t.Name, t.Limit), Measured: load.FormatLimit(t.Name, t.Measured), OK: t.OK})
	}
	return p, nil
}

// timeNote says from when quality counts and, in a merge, that the
// latency over time is the highest shard's.
func timeNote(r *Report) string {
	var parts []string
	for _, s := range r.Series {
		if s.Warm {
			parts = append(parts, fmt.Sprintf("The warm-up ended at %s: the totals and histograms count from there.", s.Elapsed.Round(time.Second)))
			break
		}
	}
	if r.Merged != nil {
		parts = append(parts, "Merged shards: counts and traffic are summed each second; the latency p50 and p95 of each second are the highest shard's, an upper bound.")
	}
	return strings.Join(parts, " ")
}

// facts are the run's times, how it ended and who ran it.
func facts(r *Report) []fact {
	out := []fact{
		{"started", r.StartedAt.UTC().Format(time.RFC3339)},
		{"ramp ended", r.RampEndedAt.UTC().Format(time.RFC3339)},
		{"ended", fmt.Sprintf("%s, by %s, after %s", r.EndedAt.UTC().Format(time.RFC3339), r.EndedBy, r.EndedAt.Sub(r.StartedAt).Round(10*time.Millisecond))},
		{"shards", shardText(r)},
		{"generator", r.Generator},
	}
	if len(r.Impaired) > 0 {
		out = append(out, fact{"impaired bots", fmt.Sprintf("%d: %s", len(r.Impaired), strings.Join(r.Impaired, ", "))})
	}
	return out
}

// configFacts lists the configuration by key, values as JSON writes them.
func configFacts(c map[string]any) []fact {
	var out []fact
	for _, k := range slices.Sorted(maps.Keys(c)) {
		v := configValue(c, k)
		if s, ok := c[k].(string); ok {
			v = s
		}
		out = append(out, fact{k, v})
	}
	return out
}
