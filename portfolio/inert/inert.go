// Package inert makes text from users, imports and other people's files harmless
// wherever folio writes it: to the terminal, and into the documents it exports, which
// are as likely to be printed to a terminal (the default without --out) or opened in
// one. It stands alone, so the domain and the interfaces share one implementation.
package inert

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text makes text from a user or an import inert for a terminal. Escape
// sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte ESC sequences, in their 7-bit
// and 8-bit forms) are removed whole, so no fragment of one reaches the screen. Every
// other control is shown as a visible symbol: C0 controls but newline and tab as
// their Control Pictures (a lone carriage return as ␍, a bell as ␇), DEL as ␡, C1
// controls as their code point, and bytes that are not UTF-8 as U+FFFD. A CR LF pair
// is a line ending and becomes a newline. The result contains no control rune other
// than newline and tab.
func Text(s string) string {
	if isInert(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			size = escapeLen(s[i:])
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// The newline that follows is written on the next turn.
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('␡')
		case isBidiControl(r):
			// Shown visibly: an override can make text read differently from what
			// it is (the "Trojan Source" trick).
			b.WriteString(visibleCodePoint(r))
		case r >= 0x80 && r <= 0x9f:
			if isC1StringStart(r) || r == 0x9b {
				size += c1SequenceLen(s[i+size:], r)
				break
			}
			b.WriteString(visibleC1(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Line is Text for one line of a layout: newlines and tabs become spaces
// so a title or tag cannot break the row it is drawn in.
func Line(s string) string {
	s = Text(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// isInert reports whether s is valid UTF-8 with no control but newline and tab: the
// common case, returned without copying.
func isInert(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 || r >= 0x80 && r <= 0x9f || isBidiControl(r) {
				return false
			}
			i += size - 1
		}
	}
	return true
}

func isC1StringStart(r rune) bool {
	// DCS, SOS, OSC, PM, APC: strings ended by ST (or BEL, by custom, for OSC).
	return r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f
}

func visibleC1(r rune) string { return visibleCodePoint(r) }

// visibleCodePoint names a character instead of letting it act: <U+202E>.
func visibleCodePoint(r rune) string { return fmt.Sprintf("<U+%04X>", r) }

// isBidiControl reports the explicit bidirectional embeddings, overrides and
// isolates, which reorder the text around them.
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// escapeLen is the length of the escape sequence at the start of s (which starts
// with ESC), including an unterminated one running to the end of s.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringLen(s[2:])
	}
	// ESC with intermediates (0x20-0x2F) then one final byte, e.g. ESC ( B.
	n := 1
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
		n++
	}
	if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
		n++
	}
	return n
}

// csiLen is the length of a CSI sequence's parameters and final byte.
func csiLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x40 && c <= 0x7e {
			return i + 1
		}
		if c < 0x20 || c >= 0x7f {
			// Not a parameter or intermediate byte: the sequence is broken here;
			// what follows is shown (or sanitized) on its own.
			return i
		}
	}
	return len(s)
}

// stringLen is the length of a control string's body and its terminator (BEL, ESC \
// or the 8-bit ST).
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x07:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
	}
	return len(s)
}

// c1SequenceLen is the length of what follows an 8-bit CSI or string introducer.
func c1SequenceLen(s string, r rune) int {
	if r == 0x9b {
		return csiLen(s)
	}
	return stringLen(s)
}

// JSON escapes, in a JSON document, the characters encoding/json writes raw that act
// on a terminal or reorder the text around them: C1 controls and bidi controls become
// \u escapes, so the document means the same and reads inert. In valid JSON such
// characters can only be inside strings, where the escape stands for the character.
func JSON(b []byte) []byte {
	clean := true
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x80 && r <= 0x9f || isBidiControl(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x80 && r <= 0x9f || isBidiControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
