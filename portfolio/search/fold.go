package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
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

// foldChunk is how much of a text ContainsFold folds at a time: a word is usually
// found in the first chunk or two, and the chunk and the word's overlap fit a
// buffer on the stack.
const foldChunk = 256

// ContainsFold reports whether lead followed by Fold(s) contains w, a folded
// word, without keeping a folded copy of s: s is folded a chunk at a time, each
// chunk cut where a character starts (so the chunks fold as the whole does), and
// the last len(w)-1 bytes of one chunk's fold are searched again with the next.
// lead is already folded (the "#" before a tag).
func ContainsFold(lead, s string, w []byte) bool {
	if len(w) == 0 {
		return true
	}
	// A word of ASCII found as it is in s is in its fold too (ASCII bytes are
	// characters of their own, and lower-case letters and the rest fold to
	// themselves), so the common case needs no folding: a search's first key is
	// one letter, for which the upper case is tried as well.
	if ws := unsafe.String(unsafe.SliceData(w), len(w)); isASCII(ws) {
		if strings.Contains(s, ws) {
			return true
		}
		if c := w[0]; len(w) == 1 && 'a' <= c && c <= 'z' && strings.IndexByte(s, c-'a'+'A') >= 0 {
			return true
		}
	}
	var stack [2*foldChunk + 64]byte
	if len(w) > foldChunk/2 || len(lead) > foldChunk/2 {
		// Too long for the overlap to fit: fold it whole.
		text := AppendFold(append(stack[:0], lead...), s)
		found := bytes.Contains(text, w)
		clear(text)
		return found
	}
	buf := append(stack[:0], lead...)
	defer clear(stack[:])
	for {
		cut := min(len(s), foldChunk)
		// Back off to the start of a character, if one starts within three bytes:
		// a character is at most four bytes, so none spans a cut found so.
		for k := 0; k < 3 && cut < len(s) && cut > k && s[cut-k]&0xc0 == 0x80; k++ {
			if s[cut-k-1]&0xc0 != 0x80 {
				cut -= k + 1
				break
			}
		}
		buf = AppendFold(buf, s[:cut])
		if bytes.Contains(buf, w) {
			clear(buf)
			return true
		}
		s = s[cut:]
		if len(s) == 0 {
			clear(buf)
			return false
		}
		keep := min(len(w)-1, len(buf))
		tail := copy(stack[:], buf[len(buf)-keep:])
		if cap(buf) > len(stack) {
			clear(buf) // it grew onto the heap
		}
		buf = stack[:tail]
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
