package interchange

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// unquoteJSON is the text of quoted, one JSON string of valid UTF-8, as
// encoding/json decodes it (FuzzUnquoteJSON): a \u escape of half a surrogate
// pair alone is U+FFFD. ok is false if quoted is not such a string; it is not
// checked for what JSON refuses in a string (a control character, a lone quote),
// which the decoder that found it refused already.
func unquoteJSON(quoted []byte) (string, bool) {
	if len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' {
		return "", false
	}
	s := quoted[1 : len(quoted)-1]
	i := bytes.IndexByte(s, '\\')
	if i < 0 {
		return string(s), true
	}
	// A Builder's String does not copy what it built.
	var b strings.Builder
	b.Grow(len(s))
	for {
		b.Write(s[:i])
		s = s[i:]
		if len(s) < 2 {
			return "", false
		}
		n := 2 // the escape's length
		switch c := s[1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := escapedRune(s)
			if r < 0 {
				return "", false
			}
			n = 6
			if utf16.IsSurrogate(r) {
				// A pair is one character; half of one alone is U+FFFD.
				d := utf16.DecodeRune(r, escapedRune(s[6:]))
				if d != utf8.RuneError {
					n = 12
				}
				r = d
			}
			b.WriteRune(r)
		default:
			return "", false
		}
		s = s[n:]
		if i = bytes.IndexByte(s, '\\'); i < 0 {
			b.Write(s)
			return b.String(), true
		}
	}
}

// escapedRune is the character of the \uXXXX escape s starts with; -1 if it
// starts with none.
func escapedRune(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
