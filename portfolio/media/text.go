package media

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText is a received HTML document as text a person reads: its words, headings
// marked with #, list items with -, paragraphs apart, and nothing of its markup,
// styles or scripts. It is for showing, never for keeping: the document stays as sent.
// It is one tokenizer loop on purpose: the skip depth and the pending space are
// state the token cases share, and split they would have to be threaded through.
func HTMLText(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var b strings.Builder
	skip := 0      // inside <script>, <style>, <head>, <template>
	space := false // the last text ended in white space
	// blank ends the current block with a blank line, once.
	blank := func() {
		space = false
		s := b.String()
		switch {
		case s == "" || strings.HasSuffix(s, "\n\n"):
		case strings.HasSuffix(s, "\n"):
			b.WriteString("\n")
		default:
			b.WriteString("\n\n")
		}
	}
	newline := func() {
		space = false
		if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteString("\n")
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSpace(b.String()) + "\n"
		case html.TextToken:
			if skip > 0 {
				continue
			}
			// Spaces collapse as a browser collapses them: "un<b>der</b>" stays one word.
			raw := string(z.Text())
			words := strings.Fields(raw)
			if len(words) == 0 {
				if raw != "" {
					space = true
				}
				continue
			}
			if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") && (space || startsSpace(raw)) {
				b.WriteString(" ")
			}
			b.WriteString(strings.Join(words, " "))
			space = endsSpace(raw)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "head", "template", "noscript":
				switch tt {
				case html.StartTagToken:
					skip++
				case html.EndTagToken:
					skip = max(skip-1, 0)
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch tag {
			case "h1", "h2", "h3", "h4", "h5", "h6":
				blank()
				if tt == html.StartTagToken {
					b.WriteString(strings.Repeat("#", int(tag[1]-'0')) + " ")
				}
			case "p", "div", "section", "article", "table", "ul", "ol", "blockquote", "pre", "header", "footer", "dl":
				blank()
			case "li":
				newline()
				if tt == html.StartTagToken {
					b.WriteString("- ")
				}
			case "br", "tr", "dt", "dd", "hr":
				newline()
			case "td", "th":
				space = true
			}
		}
	}
}

func startsSpace(s string) bool { return s != "" && strings.ContainsRune(" \t\n\r\f", rune(s[0])) }
func endsSpace(s string) bool   { return s != "" && strings.ContainsRune(" \t\n\r\f", rune(s[len(s)-1])) }
