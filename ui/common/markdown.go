package common

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdMargin is the blank column kept on each side of rendered Markdown.
const mdMargin = 2

// mdStyle is a list of SGR parameters ("1;38;5;39"). lipgloss styles would do,
// but they restyle underlined text rune by rune; plain SGR keeps output short.
type mdStyle string

// with adds o's parameters to s, as nested Markdown styles combine.
func (s mdStyle) with(o mdStyle) mdStyle {
	if s == "" {
		return o
	}
	return s + ";" + o
}

func (s mdStyle) render(t string) string {
	if s == "" || t == "" {
		return t
	}
	return "\x1b[" + string(s) + "m" + t + "\x1b[m"
}

// mdStyles are the few looks rendered Markdown uses, from the background.
type mdStyles struct {
	title, heading, code, link, quote, rule, strong, em, strike mdStyle
}

func newMDStyles(isDark bool) mdStyles {
	c := func(dark, light string) mdStyle {
		if isDark {
			return mdStyle("38;5;" + dark)
		}
		return mdStyle("38;5;" + light)
	}
	return mdStyles{
		title:   mdStyle("1;38;5;228;48;5;63"),
		heading: mdStyle("1").with(c("39", "27")),
		code:    c("203", "161"),
		link:    mdStyle("4").with(c("35", "30")),
		quote:   c("245", "242"),
		rule:    c("240", "248"),
		strong:  "1",
		em:      "3",
		strike:  "9",
	}
}

// mdParser parses CommonMark with the GitHub tables, strikethrough and task lists
// that users type. Building one is cheap; it is safe for concurrent use.
func mdParser() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList)).Parser()
}

// renderMarkdown lays sanitised Markdown out for a terminal width columns wide. It
// prints only the text's own characters plus SGR styling: no links the terminal
// could follow, no HTML interpreted, so rendering keeps text inert. Line breaks the
// user typed inside a paragraph are kept.
func renderMarkdown(p parser.Parser, st mdStyles, src string, width int) string {
	source := []byte(src)
	doc := p.Parse(text.NewReader(source))
	r := mdRenderer{src: source, st: st}
	inner := max(width-2*mdMargin, 10)
	lines := r.blocks(doc, inner)
	pad := strings.Repeat(" ", mdMargin)
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

type mdRenderer struct {
	src []byte
	st  mdStyles
}

// blocks renders the children of n as lines at most width cells wide, with one
// blank line between blocks.
func (r mdRenderer) blocks(n ast.Node, width int) []string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b := r.block(c, width)
		if len(b) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, b...)
	}
	return out
}

func (r mdRenderer) block(n ast.Node, width int) []string {
	switch n := n.(type) {
	case *ast.Heading:
		if n.Level == 1 {
			return mdWrap(r.st.title.render(" ")+r.inlines(n, r.st.title)+r.st.title.render(" "), width)
		}
		return mdWrap(r.st.heading.render(strings.Repeat("#", n.Level)+" ")+r.inlines(n, r.st.heading), width)
	case *ast.Paragraph, *ast.TextBlock:
		return mdWrap(r.inlines(n, mdStyle("")), width)
	case *ast.ThematicBreak:
		return []string{r.st.rule.render("--------")}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return r.code(n, width)
	case *ast.HTMLBlock:
		return r.rawLines(n, width, mdStyle(""))
	case *ast.Blockquote:
		inner := r.blocks(n, width-2)
		for i, l := range inner {
			inner[i] = r.st.quote.render("│ ") + l
		}
		return inner
	case *ast.List:
		return r.list(n, width)
	case *east.Table:
		return r.table(n, width)
	default:
		return r.blocks(n, width)
	}
}

// list renders items with a bullet or number, their continuation lines indented
// under the item's text; a blank line separates items only in a loose list.
func (r mdRenderer) list(l *ast.List, width int) []string {
	var out []string
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "• "
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		if box, ok := taskBox(item); ok {
			marker = box
		}
		indent := ansi.StringWidth(marker)
		var body []string
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			b := r.block(c, width-indent)
			if len(body) > 0 && len(b) > 0 && !l.IsTight {
				body = append(body, "")
			}
			body = append(body, b...)
		}
		if len(body) == 0 {
			body = []string{""}
		}
		if len(out) > 0 && !l.IsTight {
			out = append(out, "")
		}
		for i, line := range body {
			switch {
			case i == 0:
				out = append(out, marker+line)
			case line == "":
				out = append(out, "")
			default:
				out = append(out, strings.Repeat(" ", indent)+line)
			}
		}
	}
	return out
}

// taskBox is the check box of a task-list item ("- [x] done"), drawn in place of
// the bullet.
func taskBox(item ast.Node) (string, bool) {
	first := item.FirstChild()
	if first == nil {
		return "", false
	}
	if box, ok := first.FirstChild().(*east.TaskCheckBox); ok {
		if box.IsChecked {
			return "[✓] ", true
		}
		return "[ ] ", true
	}
	return "", false
}

func (r mdRenderer) code(n ast.Node, width int) []string {
	out := r.rawLines(n, width-2, r.st.code)
	for i, l := range out {
		out[i] = "  " + l
	}
	return out
}

// rawLines shows a block's lines as typed, cut to width.
func (r mdRenderer) rawLines(n ast.Node, width int, st mdStyle) []string {
	var out []string
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		l := strings.TrimRight(string(seg.Value(r.src)), "\r\n")
		for _, w := range strings.Split(ansi.Hardwrap(l, max(width, 1), true), "\n") {
			out = append(out, st.render(w))
		}
	}
	return out
}

// inlines renders n's inline children as one styled string; a "\n" marks each
// line break the user typed.
func (r mdRenderer) inlines(n ast.Node, base mdStyle) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(&b, c, base)
	}
	return b.String()
}

func (r mdRenderer) inline(b *strings.Builder, n ast.Node, st mdStyle) {
	switch n := n.(type) {
	case *ast.Text:
		b.WriteString(st.render(unescape(n.Value(r.src))))
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteByte('\n')
		}
	case *ast.String:
		b.WriteString(st.render(string(n.Value)))
	case *ast.CodeSpan:
		var raw strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				raw.Write(t.Value(r.src))
			}
		}
		b.WriteString(r.st.code.render(raw.String()))
	case *ast.Emphasis:
		next := st.with(r.st.em)
		if n.Level >= 2 {
			next = st.with(r.st.strong)
		}
		r.children(b, n, next)
	case *east.Strikethrough:
		r.children(b, n, st.with(r.st.strike))
	case *ast.Link:
		label := r.inlines(n, st.with(r.st.link))
		b.WriteString(label)
		if dest := string(n.Destination); dest != "" && dest != ansi.Strip(label) {
			b.WriteString(st.render(" (" + dest + ")"))
		}
	case *ast.AutoLink:
		b.WriteString(r.st.link.render(string(n.URL(r.src))))
	case *ast.Image:
		b.WriteString(st.render("[image: " + ansi.Strip(r.inlines(n, st)) + "]"))
	case *ast.RawHTML:
		// Tags are dropped, as a browser would not show them; the text between
		// them arrives as ordinary Text nodes.
	case *east.TaskCheckBox:
		// Drawn as the list item's marker.
	default:
		r.children(b, n, st)
	}
}

// unescape resolves backslash escapes and character references in raw text, as
// an HTML renderer would ("\\#tag" shows as "#tag").
func unescape(v []byte) string {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return string(util.ResolveEntityNames(v))
}

func (r mdRenderer) children(b *strings.Builder, n ast.Node, st mdStyle) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(b, c, st)
	}
}

// mdWrap word-wraps each typed line of s to width cells.
func mdWrap(s string, width int) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		out = append(out, strings.Split(ansi.Wrap(line, max(width, 1), ""), "\n")...)
	}
	return out
}

// table draws a GitHub table with columns as wide as their widest cell; when the
// table would not fit, the widest columns narrow and their cells wrap.
func (r mdRenderer) table(t *east.Table, width int) []string {
	var rows [][]string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.ReplaceAll(r.inlines(c, mdStyle("")), "\n", " "))
		}
		rows = append(rows, cells)
	}
	cols := 0
	for _, row := range rows {
		cols = max(cols, len(row))
	}
	if cols == 0 {
		return nil
	}
	widths := make([]int, cols)
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	// Each cell has a space either side, and a rule between columns.
	avail := width - 3*cols + 1
	for mdTotal(widths) > avail {
		widest := 0
		for i := range widths {
			if widths[i] > widths[widest] {
				widest = i
			}
		}
		if widths[widest] <= 1 {
			break
		}
		widths[widest]--
	}
	out := make([]string, 0, len(rows)+1)
	for ri, row := range rows {
		// A cell too wide for its column wraps onto more lines of the row.
		wrapped := make([][]string, cols)
		height := 1
		for i := range cols {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			wrapped[i] = strings.Split(ansi.Wrap(cell, widths[i], ""), "\n")
			height = max(height, len(wrapped[i]))
		}
		for h := range height {
			parts := make([]string, cols)
			for i := range cols {
				cell := ""
				if h < len(wrapped[i]) {
					cell = wrapped[i][h]
				}
				parts[i] = cell + strings.Repeat(" ", max(widths[i]-ansi.StringWidth(cell), 0))
			}
			out = append(out, strings.TrimRight(" "+strings.Join(parts, " │ "), " "))
		}
		if ri == 0 {
			seps := make([]string, cols)
			for i, w := range widths {
				seps[i] = strings.Repeat("─", w+2)
			}
			out = append(out, r.st.rule.render(strings.Join(seps, "┼")))
		}
	}
	return out
}

func mdTotal(ws []int) int {
	n := 0
	for _, w := range ws {
		n += w
	}
	return n
}

// Markdown renders entry text for the terminal: goldmark parses it and
// renderMarkdown lays it out. It replaced glamour, whose syntax highlighter and
// HTML sanitiser cost every command about 20 ms of package initialisation for
// features the entry view never used. Safe for concurrent use.
type Markdown struct {
	parser parser.Parser
	styles mdStyles
}

func NewMarkdown(isDark bool) *Markdown {
	return &Markdown{parser: mdParser(), styles: newMDStyles(isDark)}
}

// ReadingWidth is the widest text is set for reading: lines much longer than
// about 100 columns are hard to follow from one to the next.
const ReadingWidth = 100

// Page renders text as render does for a screen width cells wide: wrapped to at
// most readingWidth, and centred in a wider screen by a left margin.
func (m *Markdown) Page(text string, width int) string {
	tw := min(width, ReadingWidth)
	out := m.Render(text, tw-2)
	margin := (width - tw) / 2
	if margin <= 0 {
		return out
	}
	pad := strings.Repeat(" ", margin)
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

// Render returns text as terminal Markdown wrapped to width. Text must already be
// sanitised.
func (m *Markdown) Render(text string, width int) string {
	return renderMarkdown(m.parser, m.styles, text, max(width, 20))
}
