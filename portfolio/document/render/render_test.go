package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sampleDoc has every kind of block, and names with accents and letters from outside
// Latin-1, which a PDF with a standard font would lose.
func sampleDoc() document.Doc {
	return document.Doc{
		Title:     "Meeting on 2026-11-20: mentored by Zoë Ó Briain",
		Subtitle:  "Planned meeting (1:1), covering 2026-10-01 to 2026-11-21",
		Generated: calendar.MakeDate(2026, time.November, 21),
		Sections: []document.Section{
			{Heading: "Agenda", Blocks: []document.Block{
				{Kind: document.BlockList, Ordered: true, Items: []string{"Deprescribing in care homes", "Goal: Lead a medicines review clinic (1 of 3 actions done)"}},
			}},
			{Heading: "Progress on goals and actions", Blocks: []document.Block{
				{Kind: document.BlockTable, Header: []string{"Goal", "Status", "Actions done", "Target"}, Rows: [][]string{
					{"Lead a medicines review clinic", "open", "1 of 3", "2027-01-31"},
					{"Pipe | in a title", "new", "0 of 0", ""},
				}},
				{Kind: document.BlockParagraph, Text: "Actions done:"},
				{Kind: document.BlockList, Items: []string{"Shadow Łukasz on a ward round (goal: Lead a medicines review clinic)"}},
			}},
			{Heading: "Entries to discuss", Blocks: []document.Block{
				{Kind: document.BlockRecord, Record: &document.Record{
					Title:  "Café conversation about <script> & side effects",
					Meta:   "2026-11-02 · formative, restorative · planned CPD · #respiratory",
					Fields: []document.Field{{Label: "Time spent", Value: "1.5"}},
					Body:   "A first paragraph.\nWith a second line.\n\nA second paragraph — with a dash.",
					Parts:  []document.Part{{Heading: "What did you learn?", Body: "Ask open questions; listen to the answer. Ελληνικά and кириллица too."}},
				}},
			}},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\n got:\n%s", name, got)
	}
}

func TestMarkdownGolden(t *testing.T) {
	out, err := Render(sampleDoc(), Markdown)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.md", out)
}

func TestHTMLGolden(t *testing.T) {
	out, err := Render(sampleDoc(), HTML)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.html", out)
	// Text from the vault is escaped: it can never become markup.
	if bytes.Contains(out, []byte("<script>")) || !bytes.Contains(out, []byte("&lt;script&gt; &amp; side effects")) {
		t.Error("the title's <script> was not escaped")
	}
	// One self-contained file: no link to anything outside it.
	for _, ref := range []string{"src=", "href=", "@import", "url("} {
		if bytes.Contains(out, []byte(ref)) {
			t.Errorf("the HTML refers outside itself (%s)", ref)
		}
	}
	if !bytes.Contains(out, []byte("@media print")) {
		t.Error("the HTML has no print styles")
	}
}

func TestPDFText(t *testing.T) {
	out, err := RenderPDF(sampleDoc(), nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := readPDF(t, out)
	golden(t, "sample.pdf.txt", []byte(doc.text))
	for _, want := range []string{"Zoë Ó Briain", "Shadow Łukasz", "Ελληνικά and кириллица", "Café conversation about <script> & side effects", "Pipe | in a title", "Page 1 of 1"} {
		if !strings.Contains(doc.text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if doc.pages != 1 || !doc.a4 {
		t.Errorf("%d pages, A4 %v; want one A4 page", doc.pages, doc.a4)
	}
	if doc.fonts == 0 || doc.fonts != doc.embedded {
		t.Errorf("%d fonts, %d embedded; every font must be embedded", doc.fonts, doc.embedded)
	}
}

// A long document flows onto more pages, with every page numbered and nothing lost.
func TestPDFPages(t *testing.T) {
	d := sampleDoc()
	var rows [][]string
	for i := range 120 {
		rows = append(rows, []string{fmt.Sprintf("Row %03d %s", i, strings.Repeat("long words ", i%7)), "2026-01-01", "to do"})
	}
	d.Sections = append(d.Sections, document.Section{Heading: "Long", Blocks: []document.Block{
		{Kind: document.BlockTable, Header: []string{"Step", "Due", "Status"}, Rows: rows},
		{Kind: document.BlockParagraph, Text: "The very end."},
	}})
	out, err := RenderPDF(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := readPDF(t, out)
	if doc.pages < 3 {
		t.Fatalf("%d pages, want the table to run over several", doc.pages)
	}
	if !strings.Contains(doc.text, "The very end.") || strings.Count(doc.text, "Row ") != 120 || !strings.Contains(doc.text, "Row 119") {
		t.Errorf("rows in the text: %d, want 120 and the end", strings.Count(doc.text, "Row "))
	}
	// The header is repeated at the top of each page the table runs onto.
	if n := strings.Count(doc.text, "\nStep\n"); n < doc.pages-1 {
		t.Errorf("the table header appears %d times over %d pages", n, doc.pages)
	}
	if want := "Page 3 of " + string(rune('0'+doc.pages)); doc.pages < 10 && !strings.Contains(doc.text, want) {
		t.Errorf("no %q footer", want)
	}
}

// Characters the embedded font cannot draw become a visible substitute rather than
// breaking the PDF, and never silently: the document names them at its top.
func TestPDFOutsideTheFont(t *testing.T) {
	d := sampleDoc()
	d.Title = "Emoji 🙂 and 漢字"
	out, err := RenderPDF(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := readPDF(t, out).text
	if !strings.Contains(text, "Emoji \uFFFD and \uFFFD\uFFFD") {
		t.Errorf("title drawn as %q", strings.SplitN(text, "\n", 2)[0])
	}
	notice := "This PDF cannot draw 3 characters (Han, emoji and symbols: U+5B57 U+6F22 U+1F642)"
	if !strings.Contains(strings.Join(strings.Fields(text), " "), notice) {
		t.Errorf("no notice naming the characters:\n%s", text)
	}
}

func TestFormats(t *testing.T) {
	for in, want := range map[string]Format{"a.md": Markdown, "a.HTML": HTML, "a.htm": HTML, "a.pdf": PDF, "a.pdf.age": PDF, "a.html.age": HTML, "a": Markdown, "a.age": Markdown} {
		if got := FormatFor(in); got != want {
			t.Errorf("FormatFor(%q) = %s, want %s", in, got, want)
		}
	}
	if _, err := ParseFormat("docx"); !portfolio.IsBadInput(err) {
		t.Errorf("ParseFormat(docx): %v, want bad input", err)
	}
}
