package identify

// The detector reads a text in one pass over its bytes, noting only the places where
// an identifier could be: an '@' in a run of address characters, a run of digits and
// separators long enough to be a full date, a four-digit year after a space, a digit
// followed by letters (a postcode's inward code), a title word at the start of a word.
// Each pattern then runs only on the few bytes around such a place, chosen so that it
// matches there exactly what it would match in the whole text: a window never cuts a
// match, and begins and ends next to a character that is not a word character, so
// that \b reads the same. Most prose has none of these places, and the scan costs
// little more than reading the text.

import (
	"regexp"
	"strings"
)

// window is the half-open byte range [lo, hi) of a text.
type window struct{ lo, hi int }

// scan is where in a text each kind of identifier could be.
type scan struct {
	// email are runs of address characters holding an '@'.
	email []window
	// numericDates and isoDates are runs of word characters and date separators
	// with enough digits and separators for a full date.
	numericDates, isoDates []window
	// years are runs of exactly four digits after a space, not followed by a word
	// character: where a date in words ends.
	years []window
	// inward are digits followed by a letter: where a postcode's inward code starts.
	inward []int
	// titles are title words ("Mr", "Dr") at the start of a word, before '.' or ' '.
	titles []window
}

// isTitleWord reports whether s is a title titleNamePattern knows.
func isTitleWord(s string) bool {
	switch s {
	case "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Master", "Rev", "Revd":
		return true
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isTokenByte is a byte of a word as the case-insensitive patterns see one: a word
// character, or part of a character beyond ASCII (case folding maps "ſ" to "s").
func isTokenByte(c byte) bool { return isWordByte(c) || c >= 0x80 }

// isNameByte is a byte a surname may hold: letters, apostrophes (’ is beyond ASCII)
// and hyphens.
func isNameByte(c byte) bool { return isLetter(c) || c == '\'' || c == '-' || c >= 0x80 }

// Byte classes, so the scan asks one table per byte.
const (
	classWord  = 1 << iota // an ASCII word character: \b's idea of a word
	classEmail             // may be in an email address
	classDate              // may be in a numeric date
	classDigit
	classTitle  // may start a title word
	classStart  // may start a place the scan notes: a digit, '@' or a title's capital
	classNumber // may start a number findNumbers reads: a digit, '+' or '('
)

// byteClasses is what each byte may be part of. It is never written after it is
// built.
var byteClasses = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if isWordByte(b) {
			t[c] |= classWord | classEmail | classDate
		}
		switch b {
		case '.', '%', '+', '-', '@':
			t[c] |= classEmail
		}
		switch b {
		case '.', '/', '-':
			t[c] |= classDate
		}
		if isDigit(b) {
			t[c] |= classDigit
		}
		switch b {
		case 'M', 'D', 'P', 'S', 'R':
			t[c] |= classTitle
		}
		if isDigit(b) || b == '@' || t[c]&classTitle != 0 {
			t[c] |= classStart
		}
		if isDigit(b) || b == '+' || b == '(' {
			t[c] |= classNumber
		}
	}
	return t
}()

// candidates reads text once and notes where identifiers could be. Every place it
// notes starts at, or holds, a digit, an '@' or a title's capital, so it skips
// quickly over the bytes that are none of these (most of prose: lower-case letters,
// spaces, punctuation) and, at one that is, reads the run around it once.
func candidates(text string) scan {
	var c scan
	n := len(text)
	// The email and date runs end here at the latest; a byte before is in one
	// already noted.
	emailEnd, dateEnd := 0, 0
	for i := 0; ; {
		// Digits, '@' and the capitals up to 'S' lie between '/' and 'T'.
		if i = skipTo(text, i, classStart, '/', 'T'); i == n {
			return c
		}
		switch b := text[i]; {
		case b == '@':
			if i >= emailEnd {
				lo, hi := runAround(text, i, classEmail)
				c.email = append(c.email, window{lo, hi})
				emailEnd = hi
			}
			i++
		case isDigit(b):
			if i >= dateEnd {
				lo, hi := runAround(text, i, classDate)
				numeric, iso := dateShape(text[lo:hi])
				if numeric {
					c.numericDates = append(c.numericDates, window{lo, hi})
				}
				if iso {
					c.isoDates = append(c.isoDates, window{lo, hi})
				}
				dateEnd = hi
			}
			// i starts a run of digits: the byte before was skipped or ended
			// something else.
			j := i + 1
			for j < n && isDigit(text[j]) {
				j++
			}
			if j < n && (isLetter(text[j]) || text[j] >= 0x80) {
				c.inward = append(c.inward, j-1)
			}
			if j-i == 4 && i > 0 && text[i-1] == ' ' && (j == n || byteClasses[text[j]]&classWord == 0) {
				c.years = append(c.years, window{i, j})
			}
			i = j
		default: // a capital that may start a title
			i = c.title(text, i)
		}
	}
}

// dateShape says whether run, a run of date characters, has the digits and
// separators of a numeric date (d/m/yy has four digits and two separators) and of
// an ISO one (yyyy-mm-dd, eight and two dashes).
func dateShape(run string) (numeric, iso bool) {
	digits, seps, dashes := 0, 0, 0
	for _, d := range []byte(run) {
		switch {
		case isDigit(d):
			digits++
		case d == '-':
			dashes++
			seps++
		case d == '.' || d == '/':
			seps++
		}
	}
	return digits >= 4 && seps >= 2, digits >= 8 && dashes >= 2
}

// title notes the title word at text[i], a capital, if it starts a word, and is
// where the scan goes on: past the word's letters, none of which can start a
// title, each following a letter.
func (c *scan) title(text string, i int) int {
	if i > 0 && byteClasses[text[i-1]]&classWord != 0 {
		return i + 1
	}
	j := i + 1
	for j < len(text) && isLetter(text[j]) {
		j++
	}
	if j < len(text) && (text[j] == '.' || text[j] == ' ') && isTitleWord(text[i:j]) {
		c.titles = append(c.titles, window{i, j})
	}
	return j
}

// runAround is the run of bytes of the class around text[i], which is one.
func runAround(text string, i int, class uint8) (lo, hi int) {
	lo, hi = i, i+1
	for lo > 0 && byteClasses[text[lo-1]]&class != 0 {
		lo--
	}
	for hi < len(text) && byteClasses[text[hi]]&class != 0 {
		hi++
	}
	return lo, hi
}

// matchesIn is re's matches in the window, as offsets into text.
func matchesIn(re *regexp.Regexp, text string, w window) [][]int {
	ms := re.FindAllStringIndex(text[w.lo:w.hi], -1)
	for _, m := range ms {
		m[0] += w.lo
		m[1] += w.lo
	}
	return ms
}

// submatchesIn is re's matches in the window with their groups, as offsets into text.
func submatchesIn(re *regexp.Regexp, text string, w window) [][]int {
	ms := re.FindAllStringSubmatchIndex(text[w.lo:w.hi], -1)
	for _, m := range ms {
		for i := range m {
			if m[i] >= 0 {
				m[i] += w.lo
			}
		}
	}
	return ms
}

// wordDates are the dates in words ("3rd of April 2001", "April 3, 2001"). Each ends
// at a year; it starts at most three words before it ("3rd", "of", "April,"), so the
// pattern runs from the start of the third word before each year to its end.
func (c scan) wordDates(text string) [][]int {
	var out [][]int
	lastEnd := 0
	for _, y := range c.years {
		lo := y.lo
		for range 3 {
			for lo > 0 && text[lo-1] == ' ' {
				lo--
			}
			for lo > 0 && text[lo-1] != ' ' {
				lo--
			}
		}
		// Either form holds a day, one or two digits, before the year.
		if !mayNameMonth(text[lo:y.lo]) || !hasDigit(text[lo:y.lo]) {
			continue
		}
		for _, m := range submatchesIn(wordDatePattern, text, window{lo, y.hi}) {
			if m[0] >= lastEnd {
				out = append(out, m)
				lastEnd = m[1]
			}
		}
	}
	return out
}

// postcodes are the postcodes' matches. A postcode ends with its inward code and
// holds at most one space, so the pattern runs over the word holding the inward
// code and the word before it when a single space parts them.
func (c scan) postcodes(text string) [][]int {
	var out [][]int
	lastEnd := 0
	var last window
	for _, i := range c.inward {
		if i >= last.lo && i < last.hi {
			continue // the same word as the last window, so the same window
		}
		ts := i
		for ts > 0 && isTokenByte(text[ts-1]) {
			ts--
		}
		lo := ts
		if ts >= 2 && text[ts-1] == ' ' && isTokenByte(text[ts-2]) {
			lo = ts - 1
			for lo > 0 && isTokenByte(text[lo-1]) {
				lo--
			}
		}
		hi := i
		for hi < len(text) && isTokenByte(text[hi]) {
			hi++
		}
		w := window{lo, hi}
		last = w
		for _, m := range matchesIn(postcodePattern, text, w) {
			if m[0] >= lastEnd {
				out = append(out, m)
				lastEnd = m[1]
			}
		}
	}
	return out
}

// titleNames are the matches of a title and a name: the pattern runs from each
// title word over the name after it.
func (c scan) titleNames(text string) [][]int {
	var out [][]int
	lastEnd := 0
	for _, t := range c.titles {
		if t.lo < lastEnd {
			continue
		}
		hi := t.hi
		if hi < len(text) && text[hi] == '.' {
			hi++
		}
		for hi < len(text) && text[hi] == ' ' {
			hi++
		}
		for hi < len(text) && isNameByte(text[hi]) {
			hi++
		}
		if m := titleNamePattern.FindStringIndex(text[t.lo:hi]); m != nil && m[0] == 0 {
			out = append(out, []int{t.lo, t.lo + m[1]})
			lastEnd = t.lo + m[1]
		}
	}
	return out
}

// mayCueBirth is a cheap test that birthCue could match s: every cue holds "dob",
// "d.o.b", "birth" or "born", in any case (none of their letters has a fold beyond
// ASCII).
func mayCueBirth(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		switch lower(s[i]) {
		case 'd':
			if lower(s[i+1]) == 'o' && lower(s[i+2]) == 'b' || i+5 <= len(s) && s[i+1] == '.' && lower(s[i+2]) == 'o' && s[i+3] == '.' && lower(s[i+4]) == 'b' {
				return true
			}
		case 'b':
			if i+4 <= len(s) && lower(s[i+1]) == 'o' && lower(s[i+2]) == 'r' && lower(s[i+3]) == 'n' ||
				i+5 <= len(s) && lower(s[i+1]) == 'i' && lower(s[i+2]) == 'r' && lower(s[i+3]) == 't' && lower(s[i+4]) == 'h' {
				return true
			}
		}
	}
	return false
}

// mayCueEvent is a cheap test that eventCue could match s: after trailing spaces, a
// colon and spaces, s must end with the last letter of a cue word ("on", "since",
// "from", "until", "by", "dated", ...), in any case (none of n, e, m, l, y, d has a
// fold beyond ASCII).
func mayCueEvent(s string) bool {
	s = strings.TrimRight(s, " \t\n\f\r")
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimRight(s, " \t\n\f\r")
	if s == "" {
		return false
	}
	switch lower(s[len(s)-1]) {
	case 'n', 'e', 'm', 'l', 'y', 'd':
		return true
	}
	return false
}

func hasDigit(s string) bool {
	for _, c := range []byte(s) {
		if isDigit(c) {
			return true
		}
	}
	return false
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// mayNameMonth is a cheap test that wordDatePattern could match s: it must hold the
// first three letters of a month, in any case, or "ſ", which folds to "s" ("ſep").
func mayNameMonth(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		switch c := lower(s[i]); {
		case c == 0xC5 && s[i+1] == 0xBF:
			return true
		case c >= 'a' && c <= 's':
			if monthNumbers[string([]byte{c, lower(s[i+1]), lower(s[i+2])})] > 0 {
				return true
			}
		}
	}
	return false
}

// Eight bytes at a time: the masks of bytesBetween.
const (
	eachByte = 0x0101010101010101
	highBits = 0x8080808080808080
)

// bytesBetween reports whether any of the eight bytes in x is in the open range
// (lo, hi), for lo < 128 and hi <= 128: each byte is sized up in its own eighth of
// the word, with no carry between them.
func bytesBetween(x, lo, hi uint64) bool {
	low7 := x & (eachByte * 127)
	return (eachByte*(127+hi)-low7)&^x&(low7+eachByte*(127-lo))&highBits != 0
}

// skipTo is the index of the first byte at or after i whose class holds class, or
// len(text). Every such byte lies in the open range (lo, hi), so eight bytes with
// none in it are passed over at once; prose is mostly such bytes.
func skipTo(text string, i int, class uint8, lo, hi uint64) int {
	for i+8 <= len(text) {
		s := text[i : i+8]
		x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if bytesBetween(x, lo, hi) {
			for end := i + 8; i < end; i++ {
				if byteClasses[text[i]]&class != 0 {
					return i
				}
			}
			continue
		}
		i += 8
	}
	for ; i < len(text); i++ {
		if byteClasses[text[i]]&class != 0 {
			return i
		}
	}
	return len(text)
}
