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

import "regexp"

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

// titleWords are the titles titleNamePattern knows.
var titleWords = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Miss": true, "Mx": true, "Dr": true, "Prof": true,
	"Professor": true, "Sir": true, "Dame": true, "Master": true, "Rev": true, "Revd": true,
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
	classTitle // may start a title word
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
	}
	return t
}()

// candidates reads text once and notes where identifiers could be. It stays one
// loop on purpose: the single pass over the bytes is the point, and its four
// runs (email, date, digits, title) share the byte and its class.
func candidates(text string) scan {
	var c scan
	n := len(text)
	emailStart, emailAt := -1, false
	dateStart, dateDigits, dateSeps, dateDashes := -1, 0, 0, 0
	digitStart := -1
	var prev uint8 // the class of the byte before
	for i := 0; i <= n; i++ {
		var b byte
		var cl uint8
		if i < n {
			b = text[i]
			cl = byteClasses[b]
		}
		if cl&classEmail != 0 {
			if emailStart < 0 {
				emailStart, emailAt = i, false
			}
			emailAt = emailAt || b == '@'
		} else if emailStart >= 0 {
			if emailAt {
				c.email = append(c.email, window{emailStart, i})
			}
			emailStart = -1
		}
		if cl&classDate != 0 {
			if dateStart < 0 {
				dateStart, dateDigits, dateSeps, dateDashes = i, 0, 0, 0
			}
			switch {
			case cl&classDigit != 0:
				dateDigits++
			case b == '-':
				dateDashes++
				dateSeps++
			case b == '.' || b == '/':
				dateSeps++
			}
		} else if dateStart >= 0 {
			// d/m/yy has four digits and two separators; yyyy-mm-dd eight and two.
			if dateDigits >= 4 && dateSeps >= 2 {
				c.numericDates = append(c.numericDates, window{dateStart, i})
			}
			if dateDigits >= 8 && dateDashes >= 2 {
				c.isoDates = append(c.isoDates, window{dateStart, i})
			}
			dateStart = -1
		}
		if cl&classDigit != 0 {
			if digitStart < 0 {
				digitStart = i
			}
			if i+1 < n && (isLetter(text[i+1]) || text[i+1] >= 0x80) {
				c.inward = append(c.inward, i)
			}
		} else if digitStart >= 0 {
			if i-digitStart == 4 && digitStart > 0 && text[digitStart-1] == ' ' && cl&classWord == 0 {
				c.years = append(c.years, window{digitStart, i})
			}
			digitStart = -1
		}
		if cl&classTitle != 0 && prev&classWord == 0 {
			j := i + 1
			for j < n && isLetter(text[j]) {
				j++
			}
			if j < n && (text[j] == '.' || text[j] == ' ') && titleWords[text[i:j]] {
				c.titles = append(c.titles, window{i, j})
			}
		}
		prev = cl
	}
	return c
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
		if !mayNameMonth(text[lo:y.lo]) {
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
