package render

import (
	"fmt"
	htmltemplate "html/template"
	"math"
	"strings"

	"github.com/foliohq/folio/portfolio/document"
)

// textBarCells is how many cells a full text bar takes.
const textBarCells = 20

// textBar draws share (0 to 1) as full and empty cells.
func textBar(share float64) string {
	n := int(math.Round(share * textBarCells))
	return strings.Repeat("█", n) + strings.Repeat("░", textBarCells-n)
}

// textChart is a chart as Markdown: an indented code block, so it reads the same
// rendered or not, with a text bar per value. Labels are one line each, so
// nothing in them can end the block.
func textChart(c *document.Chart) string {
	if c == nil {
		return ""
	}
	width := 0
	for _, s := range c.Series {
		width = max(width, len([]rune(oneLine(s))))
	}
	var b strings.Builder
	for i, bar := range c.Bars {
		if i > 0 {
			b.WriteString("    \n")
		}
		fmt.Fprintf(&b, "    %s\n", oneLine(bar.Label))
		for j, v := range bar.Values {
			series := ""
			if j < len(c.Series) {
				series = oneLine(c.Series[j])
			}
			pad := strings.Repeat(" ", width-len([]rune(series)))
			if v.Of == 0 {
				fmt.Fprintf(&b, "      %s%s  %s\n", series, pad, oneLine(v.Text))
				continue
			}
			fmt.Fprintf(&b, "      %s%s  %s  %s\n", series, pad, textBar(v.Share()), oneLine(v.Text))
		}
	}
	return b.String()
}

// seriesColours fill the bars of each series in SVG and PDF, in turn.
var seriesColours = [][3]int{{120, 144, 170}, {31, 95, 140}, {170, 110, 40}}

// SVG geometry, in user units (px).
const (
	svgWidth    = 640
	svgLabelH   = 18
	svgBarH     = 14
	svgGap      = 10
	svgSeriesW  = 60
	svgValueW   = 110
	svgBarWidth = svgWidth - svgSeriesW - svgValueW
)

// svgChart is a chart as inline SVG: no script, no external reference, every text
// escaped. A screen reader reads its title and each value's text.
func svgChart(c *document.Chart) htmltemplate.HTML {
	if c == nil {
		return ""
	}
	esc := htmltemplate.HTMLEscapeString
	h := 0
	for _, bar := range c.Bars {
		h += svgLabelH + len(bar.Values)*(svgBarH+4) + svgGap
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`, svgWidth, h, svgWidth, h)
	y := 0
	for _, bar := range c.Bars {
		fmt.Fprintf(&b, `<text x="0" y="%d" font-weight="bold">%s</text>`, y+13, esc(oneLine(bar.Label)))
		y += svgLabelH
		for j, v := range bar.Values {
			series := ""
			if j < len(c.Series) {
				series = oneLine(c.Series[j])
			}
			col := seriesColours[j%len(seriesColours)]
			fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`, y+11, esc(series))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#bbb"/>`, svgSeriesW, y, svgBarWidth, svgBarH)
			if w := v.Share() * svgBarWidth; w > 0 {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="rgb(%d,%d,%d)"><title>%s %s</title></rect>`, svgSeriesW, y, w, svgBarH, col[0], col[1], col[2], esc(series), esc(oneLine(v.Text)))
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, svgSeriesW+svgBarWidth+6, y+11, esc(oneLine(v.Text)))
			y += svgBarH + 4
		}
		y += svgGap
	}
	b.WriteString("</svg>")
	// Built above from escaped text and numbers only.
	return htmltemplate.HTML(b.String())
}

// chartTexts is c with t applied to every text, for mapDoc.
func chartTexts(c *document.Chart, t func(string) string) *document.Chart {
	if c == nil {
		return nil
	}
	out := &document.Chart{Series: make([]string, len(c.Series)), Bars: make([]document.ChartBar, len(c.Bars))}
	for i, s := range c.Series {
		out.Series[i] = t(s)
	}
	for i, bar := range c.Bars {
		nb := document.ChartBar{Label: t(bar.Label), Values: make([]document.ChartValue, len(bar.Values))}
		for j, v := range bar.Values {
			v.Text = t(v.Text)
			nb.Values[j] = v
		}
		out.Bars[i] = nb
	}
	return out
}
