package search

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Fold makes text case-insensitive for search, for every script that has case.
func Fold(s string) string { return string(AppendFold(nil, s)) }

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// AppendFold appends s, folded, to dst. Folding the index is a large part of opening
// a vault, so ASCII (nearly all of English text) is copied and then lower-cased in
// place eight bytes at a time; from the first other byte on, appendFoldSlow takes
// over.
func AppendFold(dst []byte, s string) []byte {
	start := len(dst)
	dst = append(dst, s...)
	b := dst[start:]
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if w&highs != 0 {
			break
		}
		binary.LittleEndian.PutUint64(b[i:], lower8(w))
	}
	for ; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf {
			return appendFoldSlow(dst[:start+i], s[i:])
		}
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return dst
}

// appendFoldSlow folds text with letters outside ASCII through the Unicode case
// tables, still taking ASCII eight bytes at a time where it can. Bytes that are not
// UTF-8 are kept as they are.
func appendFoldSlow(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s))
	i := 0
	for i < len(s) {
		if i+8 <= len(s) {
			if w := load64(s, i); w&highs == 0 {
				dst = binary.LittleEndian.AppendUint64(dst, lower8(w))
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
		} else {
			dst = utf8.AppendRune(dst, foldRune(r))
		}
		i += size
	}
	return dst
}

// foldRune maps a letter to one form for all its cases. Going through upper case
// first brings together forms that plain lower-casing leaves apart, such as the
// Greek final sigma (ς, σ, Σ) and the long s (ſ, s, S).
func foldRune(r rune) rune { return unicode.ToLower(unicode.ToUpper(r)) }

// load64 reads eight bytes of s little-endian; the compiler makes it one load.
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// lower8 lower-cases eight ASCII bytes at once. With the high bit of every byte
// clear, adding to a byte cannot carry into the next, so the high bit of each sum
// says whether that byte is at least 'A', or more than 'Z'.
func lower8(w uint64) uint64 {
	geA := w + (0x80-'A')*ones
	gtZ := w + (0x80-'Z'-1)*ones
	upper := geA &^ gtZ & highs
	return w | upper>>2
}
