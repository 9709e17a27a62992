package interchange

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Byte-order marks: Windows editors start UTF-8 files with one, and Notepad and
// PowerShell write UTF-16 with one.
var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// DecodeText is text as it comes in (standard input, an import file, a template, a
// passphrase file) as UTF-8 without a byte-order mark: a UTF-8 mark is dropped, and
// UTF-16 with a mark, little- or big-endian, is converted. Anything else is returned
// as it is, for the reader's own UTF-8 check. UTF-16 that does not decode (an odd
// length, a lone surrogate) is refused rather than patched with U+FFFD.
func DecodeText(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return b[len(bomUTF8):], nil
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeUTF16(b[2:], false)
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeUTF16(b[2:], true)
	}
	return b, nil
}

func decodeUTF16(b []byte, bigEndian bool) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, invalid("the text starts as UTF-16 but has an odd number of bytes")
	}
	out := make([]byte, 0, len(b)/2*3/2)
	for i := 0; i < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		if bigEndian {
			u = rune(b[i])<<8 | rune(b[i+1])
		}
		r := u
		if utf16.IsSurrogate(u) {
			r = utf8.RuneError
			if i+3 < len(b) {
				v := rune(b[i+2]) | rune(b[i+3])<<8
				if bigEndian {
					v = rune(b[i+2])<<8 | rune(b[i+3])
				}
				r = utf16.DecodeRune(u, v)
				i += 2
			}
			if r == utf8.RuneError {
				return nil, invalid("the UTF-16 text has a broken character at byte %d", i+2)
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}
