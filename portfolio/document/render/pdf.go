package render

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"golang.org/x/text/unicode/norm"

	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render/pdfkit"
	"github.com/foliohq/folio/templates"
)

// The page is A4 (the layout insists on it), in millimetres.
const pageW, pageH = 210.0, 297.0

// ptToMM converts a type size in points to millimetres, the page's unit.
const ptToMM = 25.4 / 72

// printable composes accents written as combining marks, replaces what no font
// can draw with the substitute (so the reader sees a mark, never a gap or a "?"),
// and turns tabs and other control characters into spaces. A document with
// substitutes says so at its top (MissingGlyphs).
func printable(fonts *pdfkit.Fonts, s string) string {
	s = norm.NFC.String(noBreakDates(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r):
			return ' '
		case !fonts.Drawable(r):
			return substitute
		}
		return r
	}, s)
}

type pdfWriter struct {
	pdf    *pdfkit.Doc
	fonts  *pdfkit.Fonts
	layout templates.PDFLayout
	width  float64 // the text width between the margins
	md     goldmark.Markdown
	// keepX is set when a list marker has been drawn, so the item's first line
	// starts beside it rather than at its indent.
	keepX bool
	// inList counts the lists being drawn: their items start beside their
	// markers, where a paragraph on its own is aligned by its direction.
	inList int
}

func (w *pdfWriter) font(style string, size float64) {
	w.pdf.SetFont(pdfStyle(style), size)
}

// pdfStyle reads a style as the layout writes it: B bold, I italic, both, or
// "mono" for code.
func pdfStyle(style string) pdfkit.Style {
	switch {
	case style == "mono":
		return pdfkit.Mono
	case strings.Contains(style, "B") && strings.Contains(style, "I"):
		return pdfkit.BoldItalic
	case strings.Contains(style, "B"):
		return pdfkit.Bold
	case strings.Contains(style, "I"):
		return pdfkit.Italic
	}
	return pdfkit.Regular
}

func (w *pdfWriter) printable(s string) string { return printable(w.fonts, s) }

// plainText is s, made printable, in the current style.
func (w *pdfWriter) plainText(s string) []pdfkit.Span { return w.pdf.Plain(w.printable(s)) }

// lineHeight is the height of a line of text at a type size.
func (w *pdfWriter) lineHeight(size float64) float64 {
	return size * w.layout.Spacing.Line * ptToMM
}

// text writes wrapped text across the text width, starting at indent.
func (w *pdfWriter) text(style string, size float64, s string, indent float64) {
	w.font(style, size)
	w.pdf.SetX(w.layout.Margin + indent)
	w.pdf.MultiCell(w.width-indent, w.lineHeight(size), w.plainText(s), pdfkit.Start, false)
}

func (w *pdfWriter) gap(mm float64) { w.pdf.Ln(mm) }

// keepWithNext starts a new page if less than need millimetres are left, so a
// heading is not stranded at the foot of a page.
func (w *pdfWriter) keepWithNext(need float64) {
	if w.pdf.GetY()+need > w.pdf.BreakAt() {
		w.pdf.AddPage()
	}
}

func (w *pdfWriter) paragraphs(s string, size float64, indent float64) {
	for i, p := range paras(s) {
		if i > 0 {
			w.gap(w.lineHeight(size) * 0.4)
		}
		w.text("", size, p, indent)
	}
}

func (w *pdfWriter) list(items []string, ordered bool) {
	size := w.layout.Size.Body
	lh := w.lineHeight(size)
	for i, it := range items {
		mark := "•"
		if ordered {
			mark = fmt.Sprintf("%d.", i+1)
		}
		w.font("", size)
		w.pdf.SetX(w.layout.Margin + 2)
		w.pdf.Cell(6, lh, mark)
		// An item starts beside its marker whatever its direction.
		w.pdf.MultiCell(w.width-8, lh, w.plainText(it), pdfkit.Left, false)
	}
}

// table draws a table whose columns share the text width by how much they hold,
// repeating the header on a new page.
func (w *pdfWriter) table(header []string, rows [][]string) {
	size := w.layout.Size.Body - 1
	lh := w.lineHeight(size)
	cols := len(header)
	if cols == 0 {
		return
	}
	natural := make([]float64, cols)
	w.font("B", size)
	for i, h := range header {
		natural[i] = w.pdf.StringWidth(w.printable(h)) + 4
	}
	w.font("", size)
	for _, r := range rows {
		for i := 0; i < cols && i < len(r); i++ {
			natural[i] = max(natural[i], min(w.pdf.StringWidth(w.printable(r[i]))+4, w.width*0.6))
		}
	}
	total := 0.0
	for _, n := range natural {
		total += n
	}
	widths := make([]float64, cols)
	for i, n := range natural {
		widths[i] = n * w.width / total
	}
	var row func(cells []string, style string)
	row = func(cells []string, style string) {
		w.font(style, size)
		lines := make([][]string, cols)
		height := lh
		for i := range cols {
			v := ""
			if i < len(cells) {
				v = w.printable(oneLine(cells[i]))
			}
			lines[i] = w.pdf.SplitText(v, widths[i]-2)
			if len(lines[i]) == 0 {
				lines[i] = []string{""}
			}
			height = max(height, float64(len(lines[i]))*lh)
		}
		height += 1
		if w.pdf.GetY()+height > w.pdf.BreakAt() {
			w.pdf.AddPage()
			if style == "" {
				// The header goes again at the top of the new page.
				row(header, "B")
				w.font(style, size)
			}
		}
		x, y := w.layout.Margin, w.pdf.GetY()
		for i := range cols {
			w.pdf.Rect(x, y, widths[i], height, "D")
			for j, l := range lines[i] {
				w.pdf.SetXY(x+1, y+0.5+float64(j)*lh)
				w.pdf.Cell(widths[i]-2, lh, l)
			}
			x += widths[i]
		}
		w.pdf.SetXY(w.layout.Margin, y+height)
	}
	row(header, "B")
	for _, r := range rows {
		row(r, "")
	}
}

func renderPDF(d document.Doc, fontDirs []string) ([]byte, error) {
	l, err := templates.PDFExportLayout()
	if err != nil {
		return nil, fmt.Errorf("the PDF export layout is broken: %w", err)
	}
	fonts := pdfkit.NewFonts(fontDirs)
	pdf := pdfkit.New(fonts, pageW, pageH, l.Margin, l.Margin+6)
	info := pdfkit.Info{Title: printable(fonts, d.Title), Creator: "folio", Producer: "folio", Lang: "en-GB"}
	if !d.Generated.IsZero() {
		// The document's own date, not the clock, so the same export is the same file.
		info.Created = d.Generated.Time()
	}
	pdf.SetInfo(info)
	w := &pdfWriter{pdf: pdf, fonts: fonts, layout: l, width: pageW - 2*l.Margin, md: newMarkdown()}
	pdf.SetFooter(func(page, pages int) {
		pdf.SetY(pageH - l.Margin)
		w.font("I", l.Size.Footer)
		pdf.SetTextColor(90, 90, 90)
		footer := strings.NewReplacer("{date}", document.LongDate(d.DateStyle, d.Generated), "{page}", fmt.Sprint(page), "{pages}", fmt.Sprint(pages)).Replace(l.Footer)
		pdf.MultiCell(w.width, w.lineHeight(l.Size.Footer), w.plainText(footer), pdfkit.Center, false)
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	w.text("B", l.Size.Title, oneLine(d.Title), 0)
	if d.Subtitle != "" {
		pdf.SetTextColor(70, 70, 70)
		w.text("I", l.Size.Subtitle, oneLine(d.Subtitle), 0)
		pdf.SetTextColor(0, 0, 0)
	}
	if notice := MissingNotice(missingGlyphs(d, fonts)); notice != "" {
		w.gap(2)
		pdf.SetTextColor(150, 40, 0)
		w.text("I", l.Size.Meta, notice, 0)
		pdf.SetTextColor(0, 0, 0)
	}
	for _, s := range d.Sections {
		w.gap(4)
		w.keepWithNext(25)
		w.text("B", l.Size.Heading, oneLine(s.Heading), 0)
		y := pdf.GetY()
		pdf.SetDrawColor(170, 170, 170)
		pdf.Line(l.Margin, y, l.Margin+w.width, y)
		pdf.SetDrawColor(0, 0, 0)
		w.gap(2)
		for _, b := range s.Blocks {
			switch b.Kind {
			case document.BlockParagraph:
				w.paragraphs(b.Text, l.Size.Body, 0)
			case document.BlockList:
				w.list(b.Items, b.Ordered)
			case document.BlockTable:
				w.table(b.Header, b.Rows)
			case document.BlockRecord:
				w.record(b.Record)
			case document.BlockChart:
				w.chart(b.Chart)
			}
			w.gap(1.5)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("cannot make the PDF: %w", err)
	}
	return buf.Bytes(), nil
}

func (w *pdfWriter) record(r *document.Record) {
	l := w.layout
	w.gap(2)
	w.keepWithNext(20)
	w.text("B", l.Size.Record, oneLine(r.Title), 0)
	if r.Meta != "" {
		w.pdf.SetTextColor(90, 90, 90)
		w.text("I", l.Size.Meta, r.Meta, 0)
		w.pdf.SetTextColor(0, 0, 0)
	}
	for _, f := range r.Fields {
		// Label and value on one line, wrapping as text does.
		lh := w.lineHeight(l.Size.Body)
		w.pdf.SetX(l.Margin)
		w.font("B", l.Size.Body)
		label := pdfkit.Span{Text: w.printable(oneLine(f.Label)) + ": ", Style: pdfkit.Bold}
		w.font("", l.Size.Body)
		if len(f.Values) > 0 {
			w.pdf.Write(lh, []pdfkit.Span{label}, pdfkit.Left)
			w.pdf.Ln(lh)
			w.list(f.Values, false)
			continue
		}
		w.pdf.Write(lh, []pdfkit.Span{label, {Text: w.printable(strings.TrimSpace(f.Value))}}, pdfkit.Left)
		w.pdf.Ln(lh)
	}
	if r.Body != "" {
		w.gap(1)
		w.markdown(r.Body, l.Size.Body, 0)
	}
	for _, p := range r.Parts {
		w.gap(1.5)
		w.keepWithNext(12)
		w.text("B", l.Size.Part, oneLine(p.Heading), 0)
		if len(p.Items) > 0 {
			w.list(p.Items, false)
			continue
		}
		w.markdown(p.Body, l.Size.Body, 0)
	}
}
