package media

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText is a received HTML document as text a person reads: its words, headings
// marked with #, list items with -, paragraphs apart, and nothing of its markup,
// styles or scripts. It is for showing, never for keeping: the document stays as sent.
func HTMLText(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var t htmlText
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSpace(t.b.String()) + "\n"
		case html.TextToken:
			if t.skip == 0 {
				t.text(string(z.Text()))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			t.tag(tt, string(name))
		}
	}
}

// htmlText is the text HTMLText has written so far, and the state its tokens share.
type htmlText struct {
	b     strings.Builder
	skip  int  // inside <script>, <style>, <head>, <template>
	space bool // the last text ended in white space
}

// blank ends the current block with a blank line, once.
func (t *htmlText) blank() {
	t.space = false
	s := t.b.String()
	switch {
	case s == "" || strings.HasSuffix(s, "\n\n"):
	case strings.HasSuffix(s, "\n"):
		t.b.WriteString("\n")
	default:
		t.b.WriteString("\n\n")
	}
}

// newline ends the current line, once.
func (t *htmlText) newline() {
	t.space = false
	if s := t.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		t.b.WriteString("\n")
	}
}

// text writes a text token's words. Spaces collapse as a browser collapses them:
// "un<b>der</b>" stays one word.
func (t *htmlText) text(raw string) {
	words := strings.Fields(raw)
	if len(words) == 0 {
		if raw != "" {
			t.space = true
		}
		return
	}
	if s := t.b.String(); s != "" && !strings.HasSuffix(s, "\n") && (t.space || startsSpace(raw)) {
		t.b.WriteString(" ")
	}
	t.b.WriteString(strings.Join(words, " "))
	t.space = endsSpace(raw)
}

// tag breaks the text where a start, end or self-closing tag ends a block or a
// line, and counts the depth of the elements whose content is never shown.
func (t *htmlText) tag(tt html.TokenType, tag string) {
	switch tag {
	case "script", "style", "head", "template", "noscript":
		switch tt {
		case html.StartTagToken:
			t.skip++
		case html.EndTagToken:
			t.skip = max(t.skip-1, 0)
		}
		return
	}
	if t.skip > 0 {
		return
	}
	switch tag {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		t.blank()
		if tt == html.StartTagToken {
			t.b.WriteString(strings.Repeat("#", int(tag[1]-'0')) + " ")
		}
	case "p", "div", "section", "article", "table", "ul", "ol", "blockquote", "pre", "header", "footer", "dl":
		t.blank()
	case "li":
		t.newline()
		if tt == html.StartTagToken {
			t.b.WriteString("- ")
		}
	case "br", "tr", "dt", "dd", "hr":
		t.newline()
	case "td", "th":
		t.space = true
	}
}

func startsSpace(s string) bool { return s != "" && strings.ContainsRune(" \t\n\r\f", rune(s[0])) }
func endsSpace(s string) bool   { return s != "" && strings.ContainsRune(" \t\n\r\f", rune(s[len(s)-1])) }
