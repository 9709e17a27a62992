// Package render draws a document.Doc as Markdown, HTML or PDF. The templates and
// the PDF layout are data in package templates; this package holds the functions
// they call and the PDF drawing. It touches no disk: writing the bytes is the
// caller's, with interchange.WriteFileAtomic.
package render

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"path/filepath"
	"regexp"
	"strings"
	texttemplate "text/template"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render/pdfkit"
	"github.com/foliohq/folio/portfolio/inert"
	"github.com/foliohq/folio/templates"
)

// Format is an export format.
type Format string

// Formats.
const (
	Markdown Format = "markdown"
	HTML     Format = "html"
	PDF      Format = "pdf"
)

// ParseFormat reads md, markdown, html or pdf.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown", "text":
		return Markdown, nil
	case "html", "htm":
		return HTML, nil
	case "pdf":
		return PDF, nil
	}
	return "", fmt.Errorf("%w: format %q is not one of md, html, pdf", portfolio.ErrInvalid, s)
}

// FormatFor guesses the format from a file name ("summary.pdf", "notes.html.age"),
// Markdown when the name says nothing.
func FormatFor(name string) Format {
	name = strings.TrimSuffix(strings.ToLower(name), ".age")
	switch filepath.Ext(name) {
	case ".html", ".htm":
		return HTML
	case ".pdf":
		return PDF
	}
	return Markdown
}

// Text reports whether the format is text, fit for a terminal or a pipe.
func (f Format) Text() bool { return f != PDF }

// Render draws the document in the format. Every text in it is made inert first (see
// package inert): a document holds imported and received text, and is as likely to
// be printed to a terminal or opened in one as read in a browser or a viewer.
func Render(d document.Doc, f Format) ([]byte, error) {
	d = inertDoc(d)
	switch f {
	case Markdown:
		return renderMarkdown(d)
	case HTML:
		return renderHTML(d)
	case PDF:
		return renderPDF(d, pdfkit.SystemFontDirs())
	}
	return nil, fmt.Errorf("%w: format %q is not one of md, html, pdf", portfolio.ErrInvalid, f)
}

// RenderPDF draws the document as PDF with the embedded fonts and those found in
// fontDirs (nil for none), so a test's output does not depend on the machine's
// fonts.
func RenderPDF(d document.Doc, fontDirs []string) ([]byte, error) {
	return renderPDF(inertDoc(d), fontDirs)
}

// inertDoc is a copy of d with every text inert: escape sequences removed, other
// controls but newline and tab shown as visible pictures, bidi controls named.
func inertDoc(d document.Doc) document.Doc { return mapDoc(d, inert.Text) }

// mapDoc is a copy of d with t applied to every text in it.
func mapDoc(d document.Doc, t func(string) string) document.Doc {
	texts := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = t(s)
		}
		return out
	}
	d.Title, d.Subtitle = t(d.Title), t(d.Subtitle)
	d.KnownNames = texts(d.KnownNames)
	sections := make([]document.Section, len(d.Sections))
	for i, s := range d.Sections {
		s.Heading = t(s.Heading)
		blocks := make([]document.Block, len(s.Blocks))
		for j, b := range s.Blocks {
			blocks[j] = mapBlock(b, t)
		}
		s.Blocks = blocks
		sections[i] = s
	}
	d.Sections = sections
	return d
}

// mapBlock is a copy of b with t applied to every text in it.
func mapBlock(b document.Block, t func(string) string) document.Block {
	texts := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = t(s)
		}
		return out
	}
	b.Text, b.Items, b.Header = t(b.Text), texts(b.Items), texts(b.Header)
	rows := make([][]string, len(b.Rows))
	for k, r := range b.Rows {
		rows[k] = texts(r)
	}
	b.Rows = rows
	if b.Record != nil {
		r := *b.Record
		r.Title, r.Meta, r.Body = t(r.Title), t(r.Meta), t(r.Body)
		fields := make([]document.Field, len(r.Fields))
		for k, f := range r.Fields {
			fields[k] = document.Field{Label: t(f.Label), Value: t(f.Value), Values: texts(f.Values)}
		}
		r.Fields = fields
		parts := make([]document.Part, len(r.Parts))
		for k, p := range r.Parts {
			parts[k] = document.Part{Heading: t(p.Heading), Body: t(p.Body), Items: texts(p.Items)}
		}
		r.Parts = parts
		b.Record = &r
	}
	b.Chart = chartTexts(b.Chart, t)
	return b
}

func inc(i int) int { return i + 1 }

// dateIn is the template's date function for a document: its dates in its style.
func dateIn(d document.Doc) func(calendar.Date) string {
	return func(day calendar.Date) string { return document.LongDate(d.DateStyle, day) }
}

// oneLine folds a value meant for one line (a heading, a title) onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// indent keeps a multi-line list item inside its item: continuation lines are
// indented under the text.
func indent(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  ")
}

// mdTable is a pipe table with columns padded to line up, so it reads as a table in
// plain text too.
func mdTable(header []string, rows [][]string) string {
	cell := func(s string) string {
		return strings.ReplaceAll(oneLine(s), "|", `\|`)
	}
	widths := make([]int, len(header))
	all := append([][]string{header}, rows...)
	for _, r := range all {
		for i := range widths {
			if i < len(r) {
				widths[i] = max(widths[i], utf8.RuneCountInString(cell(r[i])), 3)
			}
		}
	}
	var b strings.Builder
	line := func(r []string) {
		b.WriteString("|")
		for i, w := range widths {
			v := ""
			if i < len(r) {
				v = cell(r[i])
			}
			b.WriteString(" " + v + strings.Repeat(" ", w-utf8.RuneCountInString(v)) + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	b.WriteString("|")
	for _, w := range widths {
		b.WriteString(" " + strings.Repeat("-", w) + " |")
	}
	b.WriteString("\n")
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// paras splits text into paragraphs at blank lines.
func paras(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.Trim(p, "\n"); strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// HardBreaks ends every line the writer broke inside a paragraph with a Markdown
// hard break (two spaces), so a viewer keeps the line breaks a person typed instead of
// joining the lines. Fenced code is left as it is. A line is only marked when the
// next is part of the same paragraph.
func HardBreaks(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	fence := false
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = !fence
			continue
		}
		if fence || trimmed == "" || i+1 == len(lines) {
			continue
		}
		next := strings.TrimSpace(lines[i+1])
		if next == "" || strings.HasPrefix(next, "```") || strings.HasPrefix(next, "~~~") {
			continue
		}
		lines[i] = strings.TrimRight(l, " \t") + "  "
	}
	return strings.Join(lines, "\n")
}

// orderedMarker is the start of an ordered list item in CommonMark: up to nine
// digits, then "." or ")", then a space or the end of the line.
var orderedMarker = regexp.MustCompile(`^(\d{1,9})([.)])(\s|$)`)

// LiteralLine escapes what would make a line of text start a Markdown block: a
// number and a full stop ("1. Pharmacy professionals must..."), which a viewer
// renumbers as a list, and a leading "-", "+", "*", "#" or ">". The line reads the
// same once rendered.
func LiteralLine(s string) string {
	if m := orderedMarker.FindStringSubmatchIndex(s); m != nil {
		return s[:m[3]] + `\` + s[m[3]:]
	}
	if s != "" && strings.ContainsRune("-+*#>", rune(s[0])) {
		return `\` + s
	}
	return s
}

func renderMarkdown(d document.Doc) ([]byte, error) {
	p := newMarkdown().Parser()
	d = mapDoc(d, func(s string) string { return noRawHTML(p, s) })
	t, err := templates.MarkdownExport(texttemplate.FuncMap{
		"inc": inc, "date": dateIn(d), "oneline": oneLine, "indent": indent, "mdtable": mdTable,
		"hardbreaks": HardBreaks, "literal": LiteralLine, "textchart": textChart,
	})
	if err != nil {
		return nil, fmt.Errorf("the Markdown export template is broken: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, err
	}
	return tidy(b.Bytes()), nil
}

// tidy collapses the runs of blank lines a template leaves, so the Markdown reads
// cleanly as plain text, and ends the file with one newline. Trailing spaces go,
// but for a hard break (two or more after text), which is kept as two.
func tidy(b []byte) []byte {
	out := make([]byte, 0, len(b)+1)
	blank := 0
	for rest := b; ; {
		line, tail, more := bytes.Cut(rest, []byte("\n"))
		hard := bytes.HasSuffix(line, []byte("  "))
		line = bytes.TrimRight(line, " \t")
		if len(line) == 0 {
			blank++
		} else {
			if len(out) > 0 {
				out = append(out, '\n')
				if blank > 0 {
					out = append(out, '\n')
				}
			}
			blank = 0
			out = append(out, line...)
			if hard {
				out = append(out, "  "...)
			}
		}
		if !more {
			break
		}
		rest = tail
	}
	return append(out, '\n')
}

func renderHTML(d document.Doc) ([]byte, error) {
	t, err := templates.HTMLExport(htmltemplate.FuncMap{
		"inc": inc, "date": dateIn(d), "paras": paras, "markdown": markdownHTML(newMarkdown()), "t": nowrap, "svgchart": svgChart,
	})
	if err != nil {
		return nil, fmt.Errorf("the HTML export template is broken: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
