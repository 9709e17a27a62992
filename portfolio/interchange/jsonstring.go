package interchange

import (
	"bytes"
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
	b := make([]byte, 0, len(s))
	for {
		b = append(b, s[:i]...)
		s = s[i:]
		if len(s) < 2 {
			return "", false
		}
		switch c := s[1]; c {
		case '"', '\\', '/':
			b, s = append(b, c), s[2:]
		case 'b':
			b, s = append(b, '\b'), s[2:]
		case 'f':
			b, s = append(b, '\f'), s[2:]
		case 'n':
			b, s = append(b, '\n'), s[2:]
		case 'r':
			b, s = append(b, '\r'), s[2:]
		case 't':
			b, s = append(b, '\t'), s[2:]
		case 'u':
			r := escapedRune(s)
			if r < 0 {
				return "", false
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				// A pair is one character; half of one alone is U+FFFD.
				d := utf16.DecodeRune(r, escapedRune(s))
				if d != utf8.RuneError {
					s = s[6:]
				}
				r = d
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", false
		}
		if i = bytes.IndexByte(s, '\\'); i < 0 {
			return string(append(b, s...)), true
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
