package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/document"
)

// A date is never split across lines: HTML keeps each in a span that does not
// wrap, and the PDF joins its words with no-break spaces.
func TestDatesAreNeverSplit(t *testing.T) {
	long := strings.Repeat("Met on 28 November 2026 and again on 31 May 2027, due 2027-05-31. ", 12)
	d := document.Doc{Title: "Dates", Sections: []document.Section{{Heading: "Dates", Blocks: []document.Block{
		{Kind: document.BlockParagraph, Text: long},
	}}}}
	h, err := Render(d, HTML)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<span class="date">28 November 2026</span>`, `<span class="date">2027-05-31</span>`, `.date { white-space: nowrap; }`} {
		if !bytes.Contains(h, []byte(want)) {
			t.Errorf("the HTML lacks %s", want)
		}
	}
	pdf, err := RenderPDF(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := readPDF(t, pdf).text
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		if !strings.Contains(l, "Met on") && !strings.Contains(l, "again") {
			continue
		}
		lines++
		// No line ends inside a date: not after a day, nor after a month.
		trimmed := strings.TrimRight(l, " ")
		for _, bad := range []string{" 28", " 31", "November", " May"} {
			if strings.HasSuffix(trimmed, bad) {
				t.Errorf("a line ends inside a date: %q", l)
			}
		}
	}
	if lines < 5 {
		t.Fatalf("the paragraph did not wrap (%d lines); the test proves nothing", lines)
	}
	if !strings.Contains(text, "28\u00a0November\u00a02026") {
		t.Error("the PDF's dates are not joined by no-break spaces")
	}
}
