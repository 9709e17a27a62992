package render

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/foliohq/folio/portfolio/document/render/pdfkit"
)

// listIndent is how far a list item's text sits from its marker, in millimetres.
const listIndent = 6

// markdown draws a user's Markdown text (an entry's body, a part of it) as the app
// shows it: headings, emphasis, lists, tables, quotes and code, with links followed
// by their targets, and the line breaks a person typed kept.
func (w *pdfWriter) markdown(s string, size, indent float64) {
	src := []byte(s)
	doc := w.md.Parser().Parse(text.NewReader(src))
	w.mdBlocks(doc, src, size, indent)
	w.pdf.SetLeftMargin(w.layout.Margin)
}

func (w *pdfWriter) mdBlocks(parent ast.Node, src []byte, size, indent float64) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if n != parent.FirstChild() {
			w.gap(w.lineHeight(size) * 0.4)
		}
		w.mdBlock(n, src, size, indent)
	}
}

func (w *pdfWriter) mdBlock(n ast.Node, src []byte, size, indent float64) {
	switch t := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		w.inline(n, src, size, indent, "")
	case *ast.Heading:
		w.keepWithNext(12)
		w.inline(n, src, size+max(0, float64(4-t.Level)), indent, "B")
	case *ast.List:
		w.mdList(t, src, size, indent)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.mdCode(n, src, size, indent)
	case *ast.Blockquote:
		y, page := w.pdf.GetY(), w.pdf.PageNo()
		w.mdBlocks(t, src, size, indent+5)
		if w.pdf.PageNo() == page {
			x := w.layout.Margin + indent + 1.5
			w.pdf.SetDrawColor(170, 170, 170)
			w.pdf.Line(x, y, x, w.pdf.GetY())
			w.pdf.SetDrawColor(0, 0, 0)
		}
	case *ast.ThematicBreak:
		y := w.pdf.GetY() + 1
		w.pdf.SetDrawColor(170, 170, 170)
		w.pdf.Line(w.layout.Margin+indent, y, w.layout.Margin+w.width, y)
		w.pdf.SetDrawColor(0, 0, 0)
		w.gap(2)
	case *east.Table:
		var header []string
		var rows [][]string
		for r := t.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, inlineText(c, src))
			}
			if _, ok := r.(*east.TableHeader); ok {
				header = cells
			} else {
				rows = append(rows, cells)
			}
		}
		w.table(header, rows)
	case *ast.HTMLBlock:
		// Raw HTML is shown as the text it is.
		var b strings.Builder
		lines := t.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		if t.HasClosure() {
			b.Write(t.ClosureLine.Value(src))
		}
		w.plain(strings.TrimRight(b.String(), "\n"), size, indent)
	default:
		w.mdBlocks(n, src, size, indent)
	}
}

// plain writes text as it is at an indent, keeping its line breaks.
func (w *pdfWriter) plain(s string, size, indent float64) {
	w.pdf.SetLeftMargin(w.layout.Margin + indent)
	w.text("", size, s, indent)
}

func (w *pdfWriter) mdList(l *ast.List, src []byte, size, indent float64) {
	lh := w.lineHeight(size)
	i := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		if item != l.FirstChild() && !l.IsTight {
			w.gap(lh * 0.3)
		}
		mark := "•"
		if l.IsOrdered() {
			mark = fmt.Sprintf("%d%c", i, l.Marker)
			i++
		}
		w.pdf.SetLeftMargin(w.layout.Margin + indent)
		w.font("", size)
		w.pdf.SetX(w.layout.Margin + indent + 2)
		w.pdf.Cell(listIndent-1, lh, mark)
		w.keepX = true
		w.inList++
		w.mdBlocks(item, src, size, indent+listIndent+2)
		w.inList--
		w.keepX = false
	}
}

func (w *pdfWriter) mdCode(n ast.Node, src []byte, size, indent float64) {
	var b strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	code := strings.TrimRight(strings.ReplaceAll(b.String(), "\t", "    "), "\n")
	w.pdf.SetLeftMargin(w.layout.Margin + indent)
	w.pdf.SetX(w.layout.Margin + indent)
	w.keepX = false
	w.pdf.SetFont(pdfkit.Mono, size-1)
	w.pdf.SetFillColor(244, 244, 244)
	w.pdf.MultiCell(w.width-indent, w.lineHeight(size-1), w.plainText(code), pdfkit.Left, true)
}

// inline flows a paragraph's or heading's inline text from the indent, switching
// style for emphasis and code, and breaking lines where the writer did. The
// paragraph is laid out at once, as spans of one style each, so the bidirectional
// order and the line breaks see all of it.
func (w *pdfWriter) inline(n ast.Node, src []byte, size, indent float64, base string) {
	left := w.layout.Margin + indent
	w.pdf.SetLeftMargin(left)
	if !w.keepX {
		w.pdf.SetX(left)
	}
	w.keepX = false
	lh := w.lineHeight(size)
	w.font(base, size)
	in := inlineSpans{w: w, src: src}
	in.walk(n, base)
	in.flush()
	align := pdfkit.Start
	if w.inList > 0 {
		align = pdfkit.Left
	}
	w.pdf.Write(lh, in.spans, align)
	w.pdf.Ln(lh)
}

// inlineSpans gathers a paragraph's inline text as spans of one style each: the
// text pending in run is in style (and mono for code) until the style changes.
type inlineSpans struct {
	w     *pdfWriter
	src   []byte
	spans []pdfkit.Span
	run   strings.Builder
	style string
	mono  bool
}

// flush ends the pending run as a span.
func (in *inlineSpans) flush() {
	if in.run.Len() == 0 {
		return
	}
	span := pdfkit.Span{Text: in.w.printable(in.run.String()), Style: pdfStyle(in.style), Strike: strings.Contains(in.style, "S")}
	if in.mono {
		span.Style = pdfkit.Mono
	}
	in.spans = append(in.spans, span)
	in.run.Reset()
}

// write adds s in style, or in code if mono, starting a new span if that differs
// from the pending run's.
func (in *inlineSpans) write(s, style string, mono bool) {
	if s == "" {
		return
	}
	if style = fontStyle(style); style != in.style || mono != in.mono {
		in.flush()
		in.style, in.mono = style, mono
	}
	in.run.WriteString(s)
}

// walk writes the inline children of n, in style plus the emphasis met on the
// way in. It is one switch with a case per kind of inline node.
func (in *inlineSpans) walk(n ast.Node, style string) {
	src := in.src
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			in.write(string(t.Segment.Value(src)), style, false)
			if t.SoftLineBreak() || t.HardLineBreak() {
				in.run.WriteString("\n")
			}
		case *ast.String:
			in.write(string(t.Value), style, false)
		case *ast.Emphasis:
			add := "I"
			if t.Level >= 2 {
				add = "B"
			}
			in.walk(t, style+add)
		case *east.Strikethrough:
			in.walk(t, style+"S")
		case *ast.CodeSpan:
			in.write(inlineText(t, src), style, true)
		case *ast.Link:
			in.walk(t, style)
			if dest := string(t.Destination); dest != "" && dest != inlineText(t, src) {
				in.write(" ("+dest+")", style, false)
			}
		case *ast.AutoLink:
			in.write(string(t.Label(src)), style, false)
		case *ast.Image:
			in.write("[image: "+inlineText(t, src)+"] ("+string(t.Destination)+")", style, false)
		case *ast.RawHTML:
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				in.write(string(seg.Value(src)), style, false)
			}
		case *east.TaskCheckBox:
			if t.IsChecked {
				in.write("[x] ", style, false)
			} else {
				in.write("[ ] ", style, false)
			}
		default:
			in.walk(c, style)
		}
	}
}

// fontStyle is a style from the emphasis met on the way in: bold, italic,
// both, and strikeout, each once.
func fontStyle(s string) string {
	var out string
	for _, c := range "BIS" {
		if strings.ContainsRune(s, c) {
			out += string(c)
		}
	}
	return out
}

// inlineText is the text of inline Markdown as a reader sees it, for a table cell.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.Label(src))
		case *ast.Link:
			b.WriteString(inlineText(t, src))
			if dest := string(t.Destination); dest != "" && dest != inlineText(t, src) {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.RawHTML:
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				b.Write(seg.Value(src))
			}
		default:
			b.WriteString(inlineText(c, src))
		}
	}
	return b.String()
}
