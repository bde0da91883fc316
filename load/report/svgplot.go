package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The size of every plot, and the colours of its lines in order.
const (
	plotWidth  = 6.4 * vg.Inch
	plotHeight = 2.8 * vg.Inch
)

var lineColors = []color.Color{
	color.RGBA{R: 0x1f, G: 0x6f, B: 0xd0, A: 0xff}, // blue
	color.RGBA{R: 0xd9, G: 0x5f, B: 0x02, A: 0xff}, // orange
	color.RGBA{R: 0x7a, G: 0x7a, B: 0x7a, A: 0xff}, // grey
	color.RGBA{R: 0x1b, G: 0x9e, B: 0x77, A: 0xff}, // green
}

// newPlot is a plot with our axis labels and a sans-serif face; the SVG
// names the font and the browser draws it with one of its own, so that
// nothing is fetched. The page gives its title.
func newPlot(xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
	}
	p.Y.Min = 0
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	p.Add(plotter.NewGrid())
	return p
}

// addLine draws a line of points in the i-th colour; the page's legend
// names it.
func addLine(p *plot.Plot, i int, points plotter.XYs) error {
	l, err := plotter.NewLine(points)
	if err != nil {
		return fmt.Errorf("plot of %s: %w", p.Y.Label.Text, err)
	}
	l.LineStyle = draw.LineStyle{Color: lineColors[i%len(lineColors)], Width: vg.Points(1.5)}
	p.Add(l)
	return nil
}

// headroom leaves a tenth of the height above the highest value, and
// gives a plot of zeros an axis up to 1.
func headroom(p *plot.Plot) {
	p.Y.Max = max(p.Y.Max*1.1, 1)
}

// cssColor writes the i-th line colour for the page's legend.
func cssColor(i int) template.CSS {
	r, g, b, _ := lineColors[i%len(lineColors)].RGBA()
	return template.CSS(fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
}

// svgOf draws p as an SVG element to put inline in HTML: no XML prolog,
// no embedded font, nothing that refers outside the element.
func svgOf(p *plot.Plot) (template.HTML, error) {
	c := vgsvg.New(plotWidth, plotHeight)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("plot of %s: %w", p.Y.Label.Text, err)
	}
	out := buf.String()
	i := strings.Index(out, "<svg")
	if i < 0 {
		return "", fmt.Errorf("plot of %s: no <svg> in the drawing", p.Y.Label.Text)
	}
	return template.HTML(out[i:]), nil // drawn here, from numbers and our own labels
}
