package render

import (
	"bytes"
	htmltemplate "html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The entries' text is Markdown, as the app shows it. Documents render it with
// goldmark and GitHub's extensions (tables, strikethrough, task lists, bare links),
// keeping the line breaks a person typed. Raw HTML is never passed through: it is
// shown as the text it is. Links are shown with their targets, since a document is
// read on paper as often as on a screen, and the HTML stays one file that refers to
// nothing outside it.

// newMarkdown is a goldmark set up for documents. It is built per render: goldmark
// holds no state between conversions, but folio keeps none at package level.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(
			html.WithHardWraps(),
			renderer.WithNodeRenderers(util.Prioritized(inertHTML{}, 100)),
		),
	)
}

// inertHTML draws what goldmark's HTML renderer would pass through or link to
// as text: raw HTML escaped, links as their text and target, images as their
// description and target.
type inertHTML struct{}

func (inertHTML) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindRawHTML, renderRawHTML)
	r.Register(ast.KindHTMLBlock, renderHTMLBlock)
	r.Register(ast.KindLink, renderLink)
	r.Register(ast.KindAutoLink, renderAutoLink)
	r.Register(ast.KindImage, renderImage)
}

func renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := range segs.Len() {
			seg := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	_, _ = w.WriteString("<p>")
	lines := b.Lines()
	var all []byte
	for i := range lines.Len() {
		seg := lines.At(i)
		all = append(all, seg.Value(src)...)
	}
	if b.HasClosure() {
		all = append(all, b.ClosureLine.Value(src)...)
	}
	all = bytes.TrimRight(all, "\n")
	_, _ = w.Write(bytes.ReplaceAll(util.EscapeHTML(all), []byte("\n"), []byte("<br>\n")))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func renderLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*ast.Link)
	if entering {
		_, _ = w.WriteString(`<span class="link">`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`</span>`)
	if dest := string(l.Destination); dest != "" && dest != inlineText(l, src) {
		_, _ = w.WriteString(` (<span class="target">`)
		_, _ = w.Write(util.EscapeHTML(l.Destination))
		_, _ = w.WriteString(`</span>)`)
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span class="target">`)
		_, _ = w.Write(util.EscapeHTML(n.(*ast.AutoLink).Label(src)))
		_, _ = w.WriteString(`</span>`)
	}
	return ast.WalkSkipChildren, nil
}

func renderImage(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		img := n.(*ast.Image)
		_, _ = w.WriteString(`[image: `)
		_, _ = w.Write(util.EscapeHTML([]byte(inlineText(img, src))))
		_, _ = w.WriteString(`] (<span class="target">`)
		_, _ = w.Write(util.EscapeHTML(img.Destination))
		_, _ = w.WriteString(`</span>)`)
	}
	return ast.WalkSkipChildren, nil
}

// markdownHTML renders a user's Markdown text as HTML for the HTML document.
func markdownHTML(md goldmark.Markdown) func(string) htmltemplate.HTML {
	return func(s string) htmltemplate.HTML {
		var b bytes.Buffer
		if err := md.Convert([]byte(s), &b); err != nil {
			// goldmark fails only on a failing writer; keep the text, escaped.
			return htmltemplate.HTML("<p>" + htmltemplate.HTMLEscapeString(s) + "</p>")
		}
		return htmltemplate.HTML(b.String()) // #nosec: raw HTML is escaped by inertHTML
	}
}

// maxEscapePasses bounds the passes noRawHTML makes before escaping every "<".
const maxEscapePasses = 4

// noRawHTML escapes the raw HTML in Markdown text so that a viewer shows it as
// text: a "<" that opens a tag becomes "\<". Code spans and fenced code keep their
// "<", which is text there already. Escaping one tag can turn the rest of an HTML
// block into a paragraph with tags of its own, so it parses again until none is
// left, and past a few passes escapes every "<".
func noRawHTML(p parser.Parser, s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	src := []byte(s)
	for range maxEscapePasses {
		var at []int // offsets of the "<" to escape
		doc := p.Parse(text.NewReader(src))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch t := n.(type) {
			case *ast.RawHTML:
				if t.Segments.Len() > 0 {
					at = append(at, t.Segments.At(0).Start)
				}
			case *ast.HTMLBlock:
				lines := t.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					for j, c := range seg.Value(src) {
						if c == '<' {
							at = append(at, seg.Start+j)
						}
					}
				}
				if t.HasClosure() {
					for j, c := range t.ClosureLine.Value(src) {
						if c == '<' {
							at = append(at, t.ClosureLine.Start+j)
						}
					}
				}
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
		if len(at) == 0 {
			return string(src)
		}
		src = escapeAt(src, at)
	}
	return strings.ReplaceAll(strings.ReplaceAll(string(src), `\<`, "<"), "<", `\<`)
}

// escapeAt puts a backslash before the bytes at the given offsets, which are in
// increasing order as a walk of the document finds them.
func escapeAt(src []byte, at []int) []byte {
	out := make([]byte, 0, len(src)+len(at))
	last := 0
	for _, i := range at {
		if i < last || i >= len(src) || src[i] != '<' {
			continue
		}
		out = append(out, src[last:i]...)
		out = append(out, '\\')
		last = i
	}
	return append(out, src[last:]...)
}
