package render

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/document"
)

func chartDoc() document.Doc {
	return document.Doc{Title: "Report", Sections: []document.Section{{Heading: "Mentees", Blocks: []document.Block{{Kind: document.BlockChart, Chart: &document.Chart{
		Series: []string{"Start", "End"},
		Bars: []document.ChartBar{
			{Label: "Useful", Values: []document.ChartValue{{Text: "not asked"}, {N: 1, Of: 2, Text: "50% (1/2)"}}},
			{Label: "Enjoyed", Values: []document.ChartValue{{N: 0, Of: 4, Text: "0% (0/4)"}, {N: 4, Of: 4, Text: "100% (4/4)"}}},
		},
	}}}}}}
}

func TestTextChart(t *testing.T) {
	md, err := Render(chartDoc(), Markdown)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\n    Useful\n      Start  not asked\n      End    " + strings.Repeat("█", 10) + strings.Repeat("░", 10) + "  50% (1/2)\n",
		"      Start  " + strings.Repeat("░", 20) + "  0% (0/4)\n",
		"      End    " + strings.Repeat("█", 20) + "  100% (4/4)\n",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestSVGChart(t *testing.T) {
	html, err := Render(chartDoc(), HTML)
	if err != nil {
		t.Fatal(err)
	}
	h := string(html)
	// Half of the track is 235 units; a full bar 470; an empty one draws no fill.
	for _, want := range []string{`<svg class="chart"`, `width="235.0"`, `width="470.0"`, "50% (1/2)</text>", "not asked</text>"} {
		if !strings.Contains(h, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
	if n := strings.Count(h, "<title>"); n != 1+2 {
		t.Errorf("%d titles: want the page's and one per filled bar", n)
	}
}

// The PDF shows each value's text and draws a filled bar for each share above 0.
func TestPDFChart(t *testing.T) {
	pdf, err := Render(chartDoc(), PDF)
	if err != nil {
		t.Fatal(err)
	}
	doc := readPDF(t, pdf)
	for _, want := range []string{"Useful", "Start", "50% (1/2)", "100% (4/4)"} {
		if !strings.Contains(doc.text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, doc.text)
		}
	}
	fills := 0
	for _, m := range regexp.MustCompile(`(?s)stream\n(.*?)endstream`).FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(r)
		fills += len(regexp.MustCompile(`re f\b`).FindAll(b, -1))
	}
	if fills != 2 {
		t.Errorf("%d filled bars, want 2 (1/2 and 4/4)", fills)
	}
}
