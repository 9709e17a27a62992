package render

import (
	"strings"

	"github.com/foliohq/folio/portfolio/document"
)

// drawn is a record block as a paragraph whose text is what the Markdown
// template draws for the record: the streamed export draws each of a hundred
// thousand records in Go rather than through the template's reflection, which
// was most of the drawing's cost. The template's paragraph is its text between
// two newlines, and every record it draws starts and ends with one, so the
// bytes written are the same (TestDrawnRecordMatchesTemplate). Other blocks are
// returned as they are.
func drawn(b document.Block) document.Block {
	if b.Kind != document.BlockRecord || b.Record == nil {
		return b
	}
	var sb strings.Builder
	drawRecord(&sb, b.Record)
	text := sb.String()
	return document.Block{Kind: document.BlockParagraph, Text: text[1 : len(text)-1]}
}

// drawRecord writes r as templates/export/markdown.tmpl's record branch does,
// piece for piece.
func drawRecord(w *strings.Builder, r *document.Record) {
	w.WriteString("\n### ")
	w.WriteString(oneLine(r.Title))
	w.WriteString("\n")
	if r.Meta != "" {
		w.WriteString("\n_")
		w.WriteString(r.Meta)
		w.WriteString("_\n")
	}
	if len(r.Fields) > 0 {
		w.WriteString("\n")
		for _, f := range r.Fields {
			w.WriteString("- **")
			w.WriteString(oneLine(f.Label))
			w.WriteString(":**")
			if len(f.Values) > 0 {
				for _, v := range f.Values {
					w.WriteString("\n  - ")
					w.WriteString(LiteralLine(oneLine(v)))
				}
			} else {
				w.WriteString(" ")
				w.WriteString(indent(HardBreaks(f.Value)))
			}
			w.WriteString("\n")
		}
	}
	if r.Body != "" {
		w.WriteString("\n")
		w.WriteString(HardBreaks(r.Body))
		w.WriteString("\n")
	}
	for _, p := range r.Parts {
		w.WriteString("\n#### ")
		w.WriteString(oneLine(p.Heading))
		w.WriteString("\n")
		if len(p.Items) > 0 {
			w.WriteString("\n")
			for _, item := range p.Items {
				w.WriteString("- ")
				w.WriteString(LiteralLine(oneLine(item)))
				w.WriteString("\n")
			}
		} else {
			w.WriteString("\n")
			w.WriteString(HardBreaks(p.Body))
			w.WriteString("\n")
		}
	}
}
