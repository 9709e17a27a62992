// Package media reads what a received document says without running it: the title
// and text of an HTML file, the title of a PDF. It imports nothing of folio's, so
// the core can name a document as it is received.
package media

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Titles of received HTML and PDF documents come from the documents themselves, as
// a viewer would show them: HTML's <title> or first <h1>, a PDF's Title metadata.

var (
	htmlStart   = regexp.MustCompile(`(?i)^\s*(<!doctype\s+html|<html[\s>])`)
	htmlTitleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlH1Re    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	htmlTagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// IsHTML says whether text is an HTML document.
func IsHTML(text string) bool { return htmlStart.MatchString(text[:min(len(text), 512)]) }

// HTMLTitle is an HTML document's <title>, else its first <h1>, else the file name.
func HTMLTitle(text, fileName string) string {
	for _, re := range []*regexp.Regexp{htmlTitleRe, htmlH1Re} {
		if m := re.FindStringSubmatch(text); m != nil {
			if t := oneLineTitle(html.UnescapeString(htmlTagRe.ReplaceAllString(m[1], ""))); t != "" {
				return t
			}
		}
	}
	return WithoutControls(fileName)
}

// pdfTitleRe finds the Title of a PDF's information dictionary, a literal (string)
// or a <hex> string.
var pdfTitleRe = regexp.MustCompile(`/Title\s*(\(|<)`)

// PDFTitle is a PDF's Title metadata, else the file name.
func PDFTitle(data []byte, fileName string) string {
	loc := pdfTitleRe.FindIndex(data)
	if loc == nil {
		return WithoutControls(fileName)
	}
	rest := data[loc[1]:]
	var raw []byte
	if data[loc[1]-1] == '<' {
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return WithoutControls(fileName)
		}
		for i := 0; i+1 < end; i += 2 {
			var b byte
			for _, c := range rest[i : i+2] {
				b <<= 4
				switch {
				case c >= '0' && c <= '9':
					b |= c - '0'
				case c >= 'a' && c <= 'f':
					b |= c - 'a' + 10
				case c >= 'A' && c <= 'F':
					b |= c - 'A' + 10
				}
			}
			raw = append(raw, b)
		}
	} else {
		raw = pdfLiteral(rest)
	}
	if t := oneLineTitle(pdfText(raw)); t != "" {
		return t
	}
	return WithoutControls(fileName)
}

// pdfLiteral reads a PDF literal string after its "(": escapes resolved, balanced
// parentheses kept.
func pdfLiteral(b []byte) []byte {
	var out []byte
	depth := 0
	for i := 0; i < len(b) && len(out) < 4096; i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r', 't', 'b', 'f':
				out = append(out, ' ')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				for j := 0; j < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; j++ {
					v = v*8 + int(b[i]-'0')
					i++
				}
				i--
				out = append(out, byte(v))
			default:
				out = append(out, e)
			}
		case c == '(':
			depth++
			out = append(out, c)
		case c == ')':
			if depth == 0 {
				return out
			}
			depth--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}

// pdfText decodes a PDF text string: UTF-16BE after a byte-order mark, UTF-8 after
// its mark, else (PDFDocEncoding, close enough to Latin-1 for a title) byte by byte.
func pdfText(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte{0xfe, 0xff}):
		u := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	case bytes.HasPrefix(raw, []byte{0xef, 0xbb, 0xbf}) && utf8.Valid(raw[3:]):
		return string(raw[3:])
	}
	rs := make([]rune, len(raw))
	for i, b := range raw {
		rs[i] = rune(b)
	}
	return string(rs)
}

// maxTitleRunes is validate.MaxTitleRunes, the longest title folio accepts; the
// core's TestTitleLimitsAgree holds the two together.
const maxTitleRunes = 200

// oneLineTitle makes text a title folio accepts: no controls, spaces collapsed, at
// most maxTitleRunes characters.
func oneLineTitle(s string) string {
	s = strings.Join(strings.Fields(WithoutControls(strings.ReplaceAll(s, "\n", " "))), " ")
	if utf8.RuneCountInString(s) > maxTitleRunes {
		s = string([]rune(s)[:maxTitleRunes])
	}
	return s
}

// WithoutControls drops terminal escape sequences (CSI "ESC [ ... final", OSC
// "ESC ] ... BEL or ESC \\") and every other control character from one line.
func WithoutControls(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == 0x1b && i+1 < len(rs) {
			switch rs[i+1] {
			case '[': // CSI: parameters, then a final character @ to ~
				i += 2
				for i < len(rs) && (rs[i] < 0x40 || rs[i] > 0x7e) {
					i++
				}
				continue
			case ']': // OSC: up to BEL or ESC \
				i += 2
				for i < len(rs) && rs[i] != 0x07 && !(rs[i] == 0x1b && i+1 < len(rs) && rs[i+1] == '\\') {
					i++
				}
				if i < len(rs) && rs[i] == 0x1b {
					i++
				}
				continue
			}
		}
		if !unicode.IsControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
