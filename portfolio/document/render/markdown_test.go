package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/foliohq/folio/portfolio/document"
)

// toHTML renders Markdown as a CommonMark viewer does (goldmark is what glamour, and
// so the app, uses).
func toHTML(t *testing.T, md []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe())).Convert(md, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const (
	standard1 = "1. Pharmacy professionals must provide person-centred care"
	standard5 = "5. Pharmacy professionals must use their professional judgement"
)

func choicesDoc() document.Doc {
	return document.Doc{Title: "T", Sections: []document.Section{{Heading: "Reflective account (1)", Blocks: []document.Block{
		{Kind: document.BlockRecord, Record: &document.Record{
			Title:  "My account",
			Fields: []document.Field{{Label: "Standards", Value: standard1 + "; " + standard5, Values: []string{standard1, standard5}}},
			Parts:  []document.Part{{Heading: "Standards", Items: []string{standard1, standard5}}},
		}},
	}}}}
}

// Several choices are a list of their own, each shown as written: "5." stays 5, not
// renumbered as an ordered list, and no empty bullet sits above them.
func TestMarkdownChoicesRenderAsWritten(t *testing.T) {
	out, err := Render(choicesDoc(), Markdown)
	if err != nil {
		t.Fatal(err)
	}
	h := toHTML(t, out)
	if strings.Contains(h, "<ol") {
		t.Errorf("the choices became an ordered list a viewer renumbers:\n%s\n%s", out, h)
	}
	for _, want := range []string{"<li>1. Pharmacy professionals must provide person-centred care</li>", "<li>5. Pharmacy professionals must use their professional judgement</li>"} {
		if strings.Count(h, want) != 2 {
			t.Errorf("want %q in the field and in the part:\n%s\n%s", want, out, h)
		}
	}
	if strings.Contains(h, "<li></li>") || strings.Contains(h, "<li>\n<ol") {
		t.Errorf("an empty bullet:\n%s", h)
	}
}

// LiteralLine keeps a line from starting a block, and leaves other lines alone.
func TestLiteralLine(t *testing.T) {
	for in, want := range map[string]string{
		"1. Person-centred care": `1\. Person-centred care`,
		"12) twelve":             `12\) twelve`,
		"- dash":                 `\- dash`,
		"# not a heading":        `\# not a heading`,
		"1.5 h":                  "1.5 h",
		"2026 was a year":        "2026 was a year",
		"plain":                  "plain",
	} {
		if got := LiteralLine(in); got != want {
			t.Errorf("LiteralLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// Lines the writer broke inside a paragraph stay broken when the Markdown is viewed;
// paragraphs, lists and fenced code are as written.
func TestMarkdownKeepsLineBreaks(t *testing.T) {
	body := "Morning: dispensary.\nAfternoon: clinic.\nEvening: home.\n\n- a list\n- of two\n\n```\ncode line 1\ncode line 2\n```"
	d := document.Doc{Title: "T", Sections: []document.Section{{Heading: "Entries", Blocks: []document.Block{
		{Kind: document.BlockRecord, Record: &document.Record{Title: "Day", Body: body,
			Fields: []document.Field{{Label: "Peer", Value: "Sam Lee\nPharmacist"}},
			Parts:  []document.Part{{Heading: "What happened", Body: "First line\nSecond line"}}}},
	}}}}
	out, err := Render(d, Markdown)
	if err != nil {
		t.Fatal(err)
	}
	h := toHTML(t, out)
	for _, want := range []string{
		"Morning: dispensary.<br>\nAfternoon: clinic.<br>\nEvening: home.</p>",
		"First line<br>\nSecond line</p>",
		"Sam Lee<br>\nPharmacist",
		"<li>a list</li>\n<li>of two</li>",
		"<code>code line 1\ncode line 2\n</code>",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("want %q in\n%s\nfrom\n%s", want, h, out)
		}
	}
}
