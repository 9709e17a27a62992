// Package pdfkit writes PDF documents whose text is shaped: Arabic joined and
// right to left, Devanagari's conjuncts, marks placed, and every character drawn
// by the first font that has it. go-text's port of HarfBuzz shapes, its line
// wrapper breaks lines where Unicode allows; pdfkit places the glyphs and embeds
// the fonts, subset to the glyphs used.
//
// Positions are in millimetres from the top left of the page, like the layout
// code that uses it; sizes of type are in points.
package pdfkit

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ptPerMM converts millimetres to PDF points.
const ptPerMM = 72 / 25.4

// Align places a line of text in its box.
type Align uint8

const (
	Left Align = iota
	Center
	Right
	// Start is Left, or Right for a paragraph that reads right to left.
	Start
)

// Info is the document's metadata.
type Info struct {
	Title, Creator, Producer, Lang string
	Created                        time.Time
}

type page struct {
	content bytes.Buffer
}

// Doc is a document being written. It is not safe for concurrent use.
type Doc struct {
	fonts         *Fonts
	pageW, pageH  float64
	left, top     float64
	right, bottom float64
	pageBreakAt   float64 // the bottom margin text does not cross
	pages         []*page
	cur           *page
	x, y          float64
	style         Style
	size          float64
	text, draw    [3]uint8
	fill          [3]uint8
	footer        func(page, pages int)
	info          Info
	inFooter      bool
	used          map[*fontFile]map[uint16]string
	fontOrder     []*fontFile
	// glyphs numbers the glyphs drawn as paths (each a form XObject, drawn
	// wherever the glyph is used) in the order first used.
	glyphs     map[glyphKey]int
	glyphOrder []glyphKey
}

// glyphKey is one glyph of one font.
type glyphKey struct {
	font *fontFile
	id   uint16
}

// New starts a document of pages pageW by pageH millimetres with margins, whose
// text breaks to a new page breakAt millimetres above the page's foot.
func New(fonts *Fonts, pageW, pageH, margin, breakAt float64) *Doc {
	return &Doc{
		fonts: fonts, pageW: pageW, pageH: pageH,
		left: margin, top: margin, right: margin, bottom: margin, pageBreakAt: breakAt,
		size: 10, used: map[*fontFile]map[uint16]string{},
	}
}

func (d *Doc) SetInfo(i Info)                      { d.info = i }
func (d *Doc) SetFooter(f func(page, pages int))   { d.footer = f }
func (d *Doc) PageSize() (w, h float64)            { return d.pageW, d.pageH }
func (d *Doc) PageNo() int                         { return len(d.pages) }
func (d *Doc) GetX() float64                       { return d.x }
func (d *Doc) GetY() float64                       { return d.y }
func (d *Doc) SetX(x float64)                      { d.x = x }
func (d *Doc) SetY(y float64)                      { d.x, d.y = d.left, y }
func (d *Doc) SetXY(x, y float64)                  { d.x, d.y = x, y }
func (d *Doc) SetLeftMargin(m float64)             { d.left = m }
func (d *Doc) LeftMargin() float64                 { return d.left }
func (d *Doc) BreakAt() float64                    { return d.pageH - d.pageBreakAt }
func (d *Doc) SetFont(s Style, size float64)       { d.style, d.size = s, size }
func (d *Doc) SetTextColor(r, g, b uint8)          { d.text = [3]uint8{r, g, b} }
func (d *Doc) SetDrawColor(r, g, b uint8)          { d.draw = [3]uint8{r, g, b} }
func (d *Doc) SetFillColor(r, g, b uint8)          { d.fill = [3]uint8{r, g, b} }
func (d *Doc) Ln(h float64)                        { d.x, d.y = d.left, d.y+h }
func (d *Doc) StringWidth(s string) float64        { return d.fonts.Width(s, d.style, d.size) / ptPerMM }
func (d *Doc) out(format string, args ...any)      { fmt.Fprintf(&d.cur.content, format+"\n", args...) }
func (d *Doc) colour(c [3]uint8, op string) string { return rgb(c) + " " + op }

func rgb(c [3]uint8) string {
	return fmt.Sprintf("%s %s %s", num(float64(c[0])/255), num(float64(c[1])/255), num(float64(c[2])/255))
}

// num writes a number as PDF wants it: no exponent, a few decimals.
func num(v float64) string {
	if math.Abs(v) < 0.0005 {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', 3, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// AddPage starts a new page, with the cursor at the top margin.
func (d *Doc) AddPage() {
	d.cur = &page{}
	d.pages = append(d.pages, d.cur)
	d.out("0.57 w")
	d.x, d.y = d.left, d.top
}

// Line draws a line between two points in the draw colour.
func (d *Doc) Line(x1, y1, x2, y2 float64) {
	d.out("%s %s %s m %s %s l S", d.colour(d.draw, "RG"), num(x1*ptPerMM), num((d.pageH-y1)*ptPerMM), num(x2*ptPerMM), num((d.pageH-y2)*ptPerMM))
}

// Rect outlines a rectangle in the draw colour, or fills it ("F") in the fill colour.
func (d *Doc) Rect(x, y, w, h float64, style string) {
	op, c := "S", d.colour(d.draw, "RG")
	if style == "F" {
		op, c = "f", d.colour(d.fill, "rg")
	}
	d.out("%s %s %s %s %s re %s", c, num(x*ptPerMM), num((d.pageH-y-h)*ptPerMM), num(w*ptPerMM), num(h*ptPerMM), op)
}

// pageBreak starts a new page when a line of height h would cross the foot.
func (d *Doc) pageBreak(h float64) {
	if d.inFooter || d.y+h <= d.pageH-d.pageBreakAt {
		return
	}
	x := d.x
	d.AddPage()
	d.x = x
}

// MultiCell writes spans wrapped to w millimetres from the current x, each line lh
// high, breaking pages between lines; the cursor ends at the left margin below.
func (d *Doc) MultiCell(w, lh float64, spans []Span, align Align, fill bool) {
	x := d.x
	lines := d.fonts.layout(spans, d.size, w*ptPerMM, w*ptPerMM)
	for _, l := range lines {
		d.pageBreak(lh)
		if fill {
			d.Rect(x, d.y, w, lh, "F")
		}
		d.drawLine(l, x, w, lh, align)
		d.y += lh
	}
	d.x = d.left
}

// Write flows spans from the current position to the right margin, going on from
// the left margin, each line placed by align; the cursor ends after the text, on
// its last line.
func (d *Doc) Write(lh float64, spans []Span, align Align) {
	right := d.pageW - d.right
	lines := d.fonts.layout(spans, d.size, (right-d.x)*ptPerMM, (right-d.left)*ptPerMM)
	for i, l := range lines {
		if i > 0 {
			d.x, d.y = d.left, d.y+lh
		}
		d.pageBreak(lh)
		d.drawLine(l, d.x, right-d.x, lh, align)
		if l.rtl && (align == Start || align == Right) {
			d.x = right
		} else {
			d.x += l.width / ptPerMM
		}
	}
}

// Cell writes s on one line in a box w wide at the current position and moves
// the cursor past the box.
func (d *Doc) Cell(w, lh float64, s string) {
	lines := d.fonts.layout(d.Plain(strings.ReplaceAll(s, "\n", " ")), d.size, 1e6, 1e6)
	d.pageBreak(lh)
	if len(lines) > 0 {
		d.drawLine(lines[0], d.x, w, lh, Start)
	}
	d.x += w
}

// SplitText breaks s into the lines it takes in a box w millimetres wide, each in
// reading order.
func (d *Doc) SplitText(s string, w float64) []string {
	var out []string
	for _, l := range d.fonts.layout(d.Plain(s), d.size, w*ptPerMM, w*ptPerMM) {
		out = append(out, strings.TrimRight(l.text, " \n"))
	}
	return out
}

// Plain is s as one span in the current style.
func (d *Doc) Plain(s string) []Span { return []Span{{Text: s, Style: d.style}} }

// drawLine draws a laid-out line in a box at x, w wide, on the line at d.y of
// height lh.
func (d *Doc) drawLine(l line, x, w, lh float64, align Align) {
	if len(l.runs) == 0 {
		return
	}
	if align == Start {
		align = Left
		if l.rtl {
			align = Right
		}
	}
	pen := x * ptPerMM
	switch align {
	case Center:
		pen += (w*ptPerMM - l.width) / 2
	case Right:
		pen += w*ptPerMM - l.width
	}
	// The baseline sits where fpdf put it, so the layout keeps its proportions.
	base := (d.pageH - (d.y + lh/2 + 0.3*d.size/ptPerMM)) * ptPerMM
	d.out("%s", d.colour(d.text, "rg"))
	inText := false
	for _, r := range l.runs {
		// Paths cannot be drawn inside a text object, so it is closed around
		// a run drawn as paths.
		if outlines := r.font != nil && r.font.outlines; outlines == inText {
			if inText {
				d.out("ET")
			} else {
				d.out("BT")
			}
			inText = !outlines
		}
		d.drawRun(r, pen, base, false)
		pen += r.width
	}
	if inText {
		d.out("ET")
	}
	pen = x * ptPerMM
	switch align {
	case Center:
		pen += (w*ptPerMM - l.width) / 2
	case Right:
		pen += w*ptPerMM - l.width
	}
	for _, r := range l.runs {
		if r.strike {
			y := base + r.size*0.3
			d.out("%s %s w %s %s m %s %s l S 0.57 w", d.colour(d.text, "RG"), num(r.size*0.05), num(pen), num(y), num(pen+r.width), num(y))
		}
		pen += r.width
	}
}

// drawRun shows a run's glyphs by ID, moving the text position only where the
// shaped advance differs from the font's own (kerning, marks, joining). plain
// leaves out the marked content that maps clusters back to their text, for a
// run whose text is given whole.
func (d *Doc) drawRun(r run, pen, base float64, plain bool) {
	if r.font == nil || len(r.glyphs) == 0 {
		return
	}
	if r.font.outlines {
		d.drawOutlines(r, pen, base)
		return
	}
	id := d.fontID(r.font)
	used := d.used[r.font]
	d.out("/F%d %s Tf", id, num(r.size))
	if r.rtl && !plain {
		// The glyphs go left to right, so a right-to-left run's characters are
		// marked as reversed (PDF 32000-1, 14.8.2.3.3).
		d.out("/ReversedChars BMC")
		defer d.out("EMC")
	}
	var tj strings.Builder
	curX, curY := math.NaN(), math.NaN()
	flush := func() {
		if tj.Len() > 0 {
			d.out("[%s] TJ", tj.String())
			tj.Reset()
		}
	}
	for i := 0; i < len(r.glyphs); {
		// A cluster is drawn with its glyphs' own text when one glyph stands for
		// it; when it takes several glyphs (a Devanagari vowel sign drawn before
		// its consonant) or its glyph already stands for other text, the cluster
		// carries its text as ActualText, which viewers copy instead.
		j := i + 1
		for j < len(r.glyphs) && r.glyphs[j].cluster == r.glyphs[i].cluster {
			j++
		}
		cl := r.glyphs[i:j]
		actual := !plain && (len(cl) > 1 || utf8.RuneCountInString(cl[0].text) > 1)
		if !actual {
			g := cl[0]
			if t, ok := used[g.id]; ok && t != g.text {
				actual = !plain
			} else if g.id != 0 {
				used[g.id] = g.text
			}
		}
		if actual {
			flush()
			d.out("/Span <</ActualText %s>> BDC", text(cl[0].text))
		}
		for _, g := range cl {
			if _, ok := used[g.id]; !ok {
				used[g.id] = ""
			}
			x, y := pen+g.dx, base+g.dy
			if y != curY || math.IsNaN(curX) || math.Abs(x-curX) > r.size {
				flush()
				d.out("1 0 0 1 %s %s Tm", num(x), num(y))
				curX, curY = x, y
			} else if adj := (curX - x) * 1000 / r.size; math.Abs(adj) > 0.01 {
				fmt.Fprintf(&tj, "%s ", num(adj))
				curX = x
			}
			fmt.Fprintf(&tj, "<%04X>", g.id)
			curX += r.font.advance(g.id) * r.size / 1000
			pen += g.advance
		}
		if actual {
			flush()
			d.out("EMC")
		}
		i = j
	}
	flush()
}

// fontID numbers the fonts in the order the document first uses them.
func (d *Doc) fontID(f *fontFile) int {
	for i, g := range d.fontOrder {
		if g == f {
			return i + 1
		}
	}
	d.fontOrder = append(d.fontOrder, f)
	d.used[f] = map[uint16]string{}
	return len(d.fontOrder)
}
