package report

import (
	"fmt"
	"html/template"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
)

// figure is one plot of the HTML report, or a note of why it has none.
type figure struct {
	Title  string
	SVG    template.HTML
	Legend []legendItem
	NoData string
	Note   string
}

// legendItem names a line of a plot by its colour.
type legendItem struct {
	Name  string
	Color template.CSS
}

// curve is one line of a plot over time: its name and its value in a
// sample, false where the sample has none.
type curve struct {
	name  string
	value func(load.Sample) (float64, bool)
}

// timeFigures plots the series: bots joined, bitrate, loss, latency,
// frames/s and the generator's CPU.
func timeFigures(series []load.Sample) ([]figure, error) {
	always := func(f func(load.Sample) float64) func(load.Sample) (float64, bool) {
		return func(s load.Sample) (float64, bool) { return f(s), true }
	}
	withTraffic := func(f func(load.Traffic) float64) func(load.Sample) (float64, bool) {
		return func(s load.Sample) (float64, bool) { return f(s.Traffic), s.Traffic.Expected > 0 }
	}
	latency := func(f func(load.Sample) int64) func(load.Sample) (float64, bool) {
		return func(s load.Sample) (float64, bool) { return float64(f(s)), s.LatencyCount > 0 }
	}
	specs := []struct {
		title, unit string
		curves      []curve
	}{
		{"Bots joined", "bots", []curve{
			{"joined", always(func(s load.Sample) float64 { return float64(s.Joined) })},
			{"planned", always(func(s load.Sample) float64 { return float64(s.Planned) })},
			{"failed joins", always(func(s load.Sample) float64 { return float64(s.FailuresTotal) })}}},
		{"Received bitrate", "Mbit/s", []curve{
			{"all bots", always(func(s load.Sample) float64 { return s.Traffic.BitrateBps() / 1e6 })}}},
		{"Loss", "%", []curve{
			{"after repair", withTraffic(func(t load.Traffic) float64 { return 100 * t.Loss() })},
			{"before repair", withTraffic(func(t load.Traffic) float64 { return 100 * t.LossBeforeRepair() })}}},
		{"End-to-end latency", "ms", []curve{
			{"p50", latency(func(s load.Sample) int64 { return s.LatencyP50Ms })},
			{"p95", latency(func(s load.Sample) int64 { return s.LatencyP95Ms })}}},
		{"Frames per second, per video track", "frames/s", []curve{
			{"decodable", func(s load.Sample) (float64, bool) { return s.Traffic.FPS(), s.Traffic.FrameTime > 0 }}}},
		{"Load generator CPU", "cores", []curve{
			{"lkbot", always(func(s load.Sample) float64 { return s.Generator.CPU })}}},
	}
	var out []figure
	for _, spec := range specs {
		f, err := timeFigure(spec.title, spec.unit, series, spec.curves)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// timeFigure plots curves over the run's time, in seconds (minutes for a
// run longer than 20 minutes).
func timeFigure(title, unit string, series []load.Sample, curves []curve) (figure, error) {
	xUnit, per := "s", 1.0
	if len(series) > 0 && series[len(series)-1].Elapsed.Minutes() > 20 {
		xUnit, per = "min", 60
	}
	p := newPlot("time since the start ("+xUnit+")", unit)
	var legend []legendItem
	for i, c := range curves {
		var points plotter.XYs
		for _, s := range series {
			if s.Elapsed < 0 {
				continue // waiting for --start-at
			}
			if v, ok := c.value(s); ok {
				points = append(points, plotter.XY{X: s.Elapsed.Seconds() / per, Y: v})
			}
		}
		if len(points) == 0 {
			continue
		}
		if err := addLine(p, i, points); err != nil {
			return figure{}, err
		}
		legend = append(legend, legendItem{Name: c.name, Color: cssColor(i)})
	}
	if len(legend) == 0 {
		return figure{Title: title, NoData: "no data: no sample had any"}, nil
	}
	headroom(p)
	svg, err := svgOf(p)
	return figure{Title: title, SVG: svg, Legend: legend}, err
}

// histogramFigures plot the distributions of the latency and of the join
// times, from the merged histograms.
func histogramFigures(total *quality.Aggregate) ([]figure, error) {
	if total == nil {
		total = quality.New()
	}
	var out []figure
	for _, h := range []struct {
		title  string
		metric quality.Metric
	}{
		{"Latency, every frame and audio packet after the warm-up", quality.LatencyMs},
		{"Join time, every successful join", quality.JoinMs},
	} {
		f, err := histogramFigure(h.title, h.metric, total)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// histogramFigure draws one metric's histogram up to twice its p99, so
// that a few late values do not squeeze the rest into one bar; the
// longer tail goes in the last bar, which the note counts.
func histogramFigure(title string, m quality.Metric, a *quality.Aggregate) (figure, error) {
	pc := a.Percentiles(m)
	if pc.Count == 0 {
		return figure{Title: title, NoData: "no data: nothing was measured"}, nil
	}
	top := min(pc.Max, 2*max(pc.P99, 1))
	bins, width, above := rebin(a.Distribution(m), top)
	p := newPlot(m.Unit, "count")
	h := &plotter.Histogram{Bins: bins, Width: width, FillColor: lineColors[0], LineStyle: plotter.DefaultLineStyle}
	h.LineStyle.Color, h.LineStyle.Width = color.White, vg.Points(0.5)
	p.Add(h)
	headroom(p)
	p.X.Max += width // room for the last tick's label
	svg, err := svgOf(p)
	note := fmt.Sprintf("%d values: p50 %d %s, p95 %d %s, p99 %d %s, max %d %s", pc.Count, pc.P50, m.Unit, pc.P95, m.Unit, pc.P99, m.Unit, pc.Max, m.Unit)
	if above > 0 {
		note += fmt.Sprintf("; the last bar also holds the %d values above %d %s", above, top, m.Unit)
	}
	return figure{Title: title, SVG: svg, Note: note}, err
}
