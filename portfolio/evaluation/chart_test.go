package evaluation

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
)

// The report's charts carry the hand-counted shares: a text bar in Markdown, an SVG
// bar in HTML, a drawn bar in PDF, each with the paper's form beside it.
func TestReportCharts(t *testing.T) {
	q := builtin(t)
	doc := Report(q, schemeFixture(), calendar.MakeDate(2026, time.November, 28))
	var charts []*document.Chart
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if b.Kind == document.BlockChart {
				charts = append(charts, b.Chart)
			}
		}
	}
	if len(charts) != 2 {
		t.Fatalf("%d charts, want one per role", len(charts))
	}
	find := func(c *document.Chart, label string) document.ChartBar {
		for _, b := range c.Bars {
			if b.Label == label {
				return b
			}
		}
		t.Fatalf("no bar %q", label)
		return document.ChartBar{}
	}
	useful := find(charts[0], "I found the scheme useful.")
	if useful.Values[0].Text != "not asked" || useful.Values[1] != (document.ChartValue{N: 17, Of: 18, Text: "94% (17/18)"}) {
		t.Errorf("mentees' useful bar: %+v", useful.Values)
	}
	conf := find(charts[0], "Rate your self-confidence at work.")
	if conf.Values[0].N != 7 || conf.Values[0].Of != 18 || conf.Values[1].N != 14 {
		t.Errorf("mentees' self-confidence bar: %+v", conf.Values)
	}

	md, err := render.Render(doc, render.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	// 17/18 of 20 cells is 18.9: 19 full cells, 1 empty.
	want := regexp.MustCompile(`(?m)^ {6}End {4}` + strings.Repeat("█", 19) + `░  94% \(17/18\)$`)
	if !want.Match(md) {
		t.Errorf("the Markdown lacks the useful bar:\n%s", md)
	}
	html, err := render.Render(doc, render.HTML)
	if err != nil {
		t.Fatal(err)
	}
	h := string(html)
	// 17/18 of the 470-unit track.
	if !strings.Contains(h, `<svg class="chart"`) || !strings.Contains(h, `width="443.9"`) || !strings.Contains(h, "94% (17/18)</text>") {
		t.Errorf("the HTML lacks the SVG bar for 17/18")
	}
	if strings.Contains(strings.ToLower(h), "<script") {
		t.Error("the HTML has a script")
	}
	pdf, err := render.Render(doc, render.PDF)
	if err != nil || len(pdf) == 0 {
		t.Fatalf("PDF: %v", err)
	}
}

// A hostile item's text is escaped in the SVG, never markup.
func TestChartEscapesText(t *testing.T) {
	doc := document.Doc{Title: "T", Sections: []document.Section{{Heading: "H", Blocks: []document.Block{{Kind: document.BlockChart, Chart: &document.Chart{
		Series: []string{"Start"},
		Bars:   []document.ChartBar{{Label: `<script>alert(1)</script> & "x"`, Values: []document.ChartValue{{N: 1, Of: 2, Text: "50% (1/2)"}}}},
	}}}}}}
	html, err := render.Render(doc, render.HTML)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "<script>") || !strings.Contains(string(html), "&lt;script&gt;") {
		t.Errorf("the label is not escaped:\n%s", html)
	}
}
