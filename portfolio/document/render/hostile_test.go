package render

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/document"
)

// hostile is imported or received text that tries to act on a terminal: a clipboard
// write (OSC 52), a hyperlink (OSC 8), a title change, a screen clear, tmux
// passthrough, a reset, 8-bit controls, a bell, a carriage return, a backspace and a
// bidi override.
const hostile = "A\x1b]52;c;Q0xJUEJPQVJE\x07" +
	"B\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\" +
	"C\x1b]0;TITLECHANGE\x07" +
	"D\x1b[2J\x1b[H" +
	"E\x1bPtmux;\x1b\x1b]52;c;VE1VWA==\x07\x1b\\" +
	"F\x1bc" +
	"G\u009b31m\u009d0;C1TITLE\u009c\u0085" +
	"H\a" +
	"I\rJ\bK\u202eL\u2066M"

// What must not survive into any export.
var forbidden = []string{"\x1b", "\a", "\b", "\r", "\u009b", "\u009d", "\u009c", "\u0085", "\u202e", "\u2066",
	"Q0xJUEJPQVJE", "evil.example", "TITLECHANGE", "VE1VWA==", "C1TITLE"}

func hostileDoc() document.Doc {
	h := hostile
	return document.Doc{
		Title: "T " + h, Subtitle: "S " + h,
		Sections: []document.Section{{Heading: "H " + h, Blocks: []document.Block{
			{Kind: document.BlockParagraph, Text: "P " + h},
			{Kind: document.BlockList, Items: []string{"I " + h}},
			{Kind: document.BlockList, Ordered: true, Items: []string{"O " + h}},
			{Kind: document.BlockTable, Header: []string{"C " + h}, Rows: [][]string{{"R " + h}}},
			{Kind: document.BlockRecord, Record: &document.Record{
				Title: "RT " + h, Meta: "M " + h, Body: "B " + h,
				Fields: []document.Field{{Label: "FL " + h, Value: "FV " + h}},
				Parts:  []document.Part{{Heading: "PH " + h, Body: "PB " + h}},
			}},
		}}},
	}
}

// Every renderer writes hostile text inert: escape sequences gone whole, other
// controls shown as pictures, bidi controls named, and the visible letters kept.
func TestExportsAreInert(t *testing.T) {
	for _, f := range []Format{Markdown, HTML, PDF} {
		out, err := Render(hostileDoc(), f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		if f == PDF {
			text = readPDF(t, out).text
		}
		if !utf8.ValidString(text) {
			t.Errorf("%s: not valid UTF-8", f)
		}
		for _, bad := range forbidden {
			if strings.Contains(text, bad) {
				t.Errorf("%s: the export holds %q", f, bad)
			}
		}
		for _, c := range text {
			if c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f {
				t.Errorf("%s: the export holds control %U", f, c)
				break
			}
		}
		if f == HTML {
			text = html.UnescapeString(text)
		}
		// The text around the sequences is kept, in order; in Markdown and HTML the
		// removed controls are shown, not silently dropped.
		for _, want := range []string{"ABlinkCDEFG", "RT A"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the export lost the text around the sequences (%q)", f, want)
			}
		}
		if f != PDF && (!strings.Contains(text, "I␍J␈K<U+202E>L<U+2066>M") || !strings.Contains(text, "H␇")) {
			t.Errorf("%s: the carriage return, backspace, bell and bidi controls are not shown as pictures:\n%s", f, text)
		}
	}
}
