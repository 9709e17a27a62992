package render

import (
	"bytes"
	"math/rand/v2"
	"testing"
	texttemplate "text/template"

	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/templates"
)

// templateBytes is what the Markdown template writes for d, before tidying.
func templateBytes(t *testing.T, d document.Doc) []byte {
	t.Helper()
	tm, err := templates.MarkdownExport(texttemplate.FuncMap{
		"inc": inc, "date": dateIn(d), "oneline": oneLine, "indent": indent, "mdtable": mdTable,
		"hardbreaks": HardBreaks, "literal": LiteralLine, "textchart": textChart,
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tm.Execute(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDrawnRecordMatchesTemplate: a record drawn in Go, as a paragraph, is
// written byte for byte as the template writes the record, before any tidying,
// for records of every shape: with and without meta, fields (one value, several,
// multi-line), body and parts (items or a body), and texts that look like
// Markdown, with blank lines and trailing spaces.
func TestDrawnRecordMatchesTemplate(t *testing.T) {
	texts := []string{
		"", " ", "plain", "two  words\nand a line", "- a list?\n1. or this\n# heading",
		"trailing  \nspaces \t\n\n\nafter blanks", "```\ncode  \n  kept\n```\nafter",
		"  lead and trail  ", "\n", "x\r\ny", "+ plus", "> quote", "12. twelve",
	}
	pick := func(r *rand.Rand) string { return texts[r.IntN(len(texts))] }
	picks := func(r *rand.Rand) []string {
		var out []string
		for range r.IntN(4) {
			out = append(out, pick(r))
		}
		return out
	}
	r := rand.New(rand.NewPCG(13, 1))
	var records []*document.Record
	for range 400 {
		rec := &document.Record{Title: pick(r), Meta: pick(r), Body: pick(r)}
		for range r.IntN(4) {
			rec.Fields = append(rec.Fields, document.Field{Label: pick(r), Value: pick(r), Values: picks(r)})
		}
		for range r.IntN(4) {
			rec.Parts = append(rec.Parts, document.Part{Heading: pick(r), Body: pick(r), Items: picks(r)})
		}
		records = append(records, rec)
	}
	records = append(records, &document.Record{}, &document.Record{Title: "only a title"})
	for i, rec := range records {
		b := document.Block{Kind: document.BlockRecord, Record: rec}
		doc := func(b document.Block) document.Doc {
			return document.Doc{Title: "T", Sections: []document.Section{{Heading: "H", Blocks: []document.Block{
				{Kind: document.BlockParagraph, Text: "before"}, b, {Kind: document.BlockParagraph, Text: "after"},
			}}}}
		}
		want := templateBytes(t, doc(b))
		got := templateBytes(t, doc(drawn(b)))
		if !bytes.Equal(got, want) {
			t.Fatalf("record %d (%+v): drawn\n%q\ntemplate\n%q", i, *rec, got, want)
		}
	}
	if b := (document.Block{Kind: document.BlockRecord}); drawn(b).Kind != document.BlockRecord {
		t.Error("a record block without a record should pass as it is")
	}
}
