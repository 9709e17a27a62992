package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/templates"
)

// The PDF embeds the Go fonts (BSD licence, shipped as bytes by golang.org/x/image),
// subset to the characters used, so names and accents print the same everywhere.
const fontFamily = "go"

// ptToMM converts a type size in points to millimetres, the page's unit.
const ptToMM = 25.4 / 72

var (
	coverageOnce sync.Once
	coverage     *sfnt.Font
)

// hasGlyph reports whether the regular Go font has a glyph for r.
func hasGlyph(r rune) bool {
	coverageOnce.Do(func() { coverage, _ = sfnt.Parse(goregular.TTF) })
	if coverage == nil {
		return true
	}
	var buf sfnt.Buffer
	g, err := coverage.GlyphIndex(&buf, r)
	return err != nil || g != 0
}

// printable composes accents written as combining marks, replaces what the
// embedded font cannot draw with the substitute (fpdf would fail on characters past
// the Basic Multilingual Plane, and draw nothing for the rest), and turns tabs and
// other control characters into spaces. A document with substitutes says so at its
// top (MissingGlyphs).
func printable(s string) string {
	s = norm.NFC.String(noBreakDates(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r):
			return ' '
		case !drawable(r):
			return substitute
		}
		return r
	}, s)
}

type pdfWriter struct {
	pdf    *fpdf.Fpdf
	layout templates.PDFLayout
	width  float64 // the text width between the margins
	md     goldmark.Markdown
	// keepX is set when a list marker has been drawn, so the item's first line
	// starts beside it rather than at its indent.
	keepX bool
}

func (w *pdfWriter) font(style string, size float64) {
	w.pdf.SetFont(fontFamily, style, size)
}

// lineHeight is the height of a line of text at a type size.
func (w *pdfWriter) lineHeight(size float64) float64 {
	return size * w.layout.Spacing.Line * ptToMM
}

// text writes wrapped text across the text width, starting at indent.
func (w *pdfWriter) text(style string, size float64, s string, indent float64) {
	w.font(style, size)
	w.pdf.SetX(w.layout.Margin + indent)
	w.pdf.MultiCell(w.width-indent, w.lineHeight(size), printable(s), "", "L", false)
}

func (w *pdfWriter) gap(mm float64) { w.pdf.Ln(mm) }

// keepWithNext starts a new page if less than need millimetres are left, so a
// heading is not stranded at the foot of a page.
func (w *pdfWriter) keepWithNext(need float64) {
	_, pageH := w.pdf.GetPageSize()
	_, _, _, bottom := w.pdf.GetMargins()
	if w.pdf.GetY()+need > pageH-bottom {
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
		w.pdf.CellFormat(6, lh, mark, "", 0, "L", false, 0, "")
		w.pdf.MultiCell(w.width-8, lh, printable(it), "", "L", false)
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
		natural[i] = w.pdf.GetStringWidth(printable(h)) + 4
	}
	w.font("", size)
	for _, r := range rows {
		for i := 0; i < cols && i < len(r); i++ {
			natural[i] = max(natural[i], min(w.pdf.GetStringWidth(printable(r[i]))+4, w.width*0.6))
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
				v = printable(oneLine(cells[i]))
			}
			lines[i] = w.pdf.SplitText(v, widths[i]-2)
			if len(lines[i]) == 0 {
				lines[i] = []string{""}
			}
			height = max(height, float64(len(lines[i]))*lh)
		}
		height += 1
		_, pageH := w.pdf.GetPageSize()
		_, _, _, bottom := w.pdf.GetMargins()
		if w.pdf.GetY()+height > pageH-bottom {
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
				w.pdf.CellFormat(widths[i]-2, lh, l, "", 0, "L", false, 0, "")
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

func renderPDF(d document.Doc) ([]byte, error) {
	l, err := templates.PDFExportLayout()
	if err != nil {
		return nil, fmt.Errorf("the PDF export layout is broken: %w", err)
	}
	pdf := fpdf.New("P", "mm", l.Page, "")
	pdf.SetMargins(l.Margin, l.Margin, l.Margin)
	pdf.SetAutoPageBreak(true, l.Margin+6)
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "I", goitalic.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "BI", gobolditalic.TTF)
	pdf.AddUTF8FontFromBytes(monoFamily, "", gomono.TTF)
	pdf.SetTitle(printable(d.Title), true)
	pdf.SetCreator("folio", true)
	pdf.SetProducer("folio", true)
	pdf.SetLang("en-GB")
	if !d.Generated.IsZero() {
		// The document's own date, not the clock, so the same export is the same file.
		pdf.SetCreationDate(d.Generated.Time())
		pdf.SetModificationDate(d.Generated.Time())
	}
	pdf.SetCatalogSort(true)
	pdf.AliasNbPages("{pages}")
	pageW, _ := pdf.GetPageSize()
	w := &pdfWriter{pdf: pdf, layout: l, width: pageW - 2*l.Margin, md: newMarkdown()}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-l.Margin)
		w.font("I", l.Size.Footer)
		pdf.SetTextColor(90, 90, 90)
		footer := strings.NewReplacer("{date}", document.LongDate(d.DateStyle, d.Generated), "{page}", fmt.Sprint(pdf.PageNo())).Replace(l.Footer)
		pdf.MultiCell(0, w.lineHeight(l.Size.Footer), printable(footer), "", "C", false)
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	w.text("B", l.Size.Title, oneLine(d.Title), 0)
	if d.Subtitle != "" {
		pdf.SetTextColor(70, 70, 70)
		w.text("I", l.Size.Subtitle, oneLine(d.Subtitle), 0)
		pdf.SetTextColor(0, 0, 0)
	}
	if notice := MissingNotice(MissingGlyphs(d)); notice != "" {
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
		w.pdf.Write(lh, printable(oneLine(f.Label))+": ")
		w.font("", l.Size.Body)
		if len(f.Values) > 0 {
			w.pdf.Ln(lh)
			w.list(f.Values, false)
			continue
		}
		w.pdf.Write(lh, printable(strings.TrimSpace(f.Value)))
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
