// Package identify points out likely patient identifiers in free text, so that a
// person can anonymise a reflection before it is saved or shared.
package identify

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is a sort of patient identifier that should not be in a reflection.
type Kind string

// Identifier kinds Find reports.
const (
	NHSNumber   Kind = "nhs_number"
	DateOfBirth Kind = "date_of_birth"
	Postcode    Kind = "postcode"
	Phone       Kind = "phone"
	Email       Kind = "email"
	TitleName   Kind = "title_and_name"
)

var descriptions = map[Kind]string{
	NHSNumber:   "an NHS number",
	DateOfBirth: "a date of birth",
	Postcode:    "a postcode",
	Phone:       "a phone number",
	Email:       "an email address",
	TitleName:   "a title and name",
}

// Description is the kind in words: "an NHS number".
func (k Kind) Description() string { return descriptions[k] }

// Contact reports whether the kind is also how a colleague is named and reached (a
// name, an email, a phone number, a work address), as a peer discussion records its
// peer; an NHS number or a date of birth never is.
func (k Kind) Contact() bool {
	return k == Email || k == Phone || k == TitleName || k == Postcode
}

// Finding is one likely identifier in a text.
type Finding struct {
	Kind Kind
	// Text is what was matched, as written.
	Text string
	// Offset is the byte offset of Text; Line and Column (in characters) start at 1.
	Offset       int
	Line, Column int
}

// String says what was found and where: `line 3, column 12: an NHS number ("943 476 5919")`.
func (f Finding) String() string {
	return fmt.Sprintf("line %d, column %d: %s (%q)", f.Line, f.Column, f.Kind.Description(), f.Text)
}

// Find points out likely patient identifiers in text: NHS numbers (ten
// digits whose check digit is right), dates of birth, UK postcodes, phone numbers,
// email addresses, and a title followed by a surname. It is a gentle prompt to
// anonymise, not a guarantee: it errs towards saying something, and the person
// decides. Findings are in the order they appear.
//
// A date counts as a date of birth when words such as "DOB", "born" or "date of
// birth" come just before it, or when it is 16 or more years ago and is not
// introduced as an event ("on", "since", "published", ...): reflections are about
// recent events, so an old full date is most likely someone's birthday.
func Find(text string) []Finding {
	return find(text, time.Now().Year())
}

func find(text string, year int) []Finding {
	// out is kept in order of offset, and findings never overlap: the first, more
	// specific finding keeps the text. A binary search finds where one would go.
	var out []Finding
	add := func(kind Kind, start, end int) {
		i, _ := slices.BinarySearchFunc(out, start, func(f Finding, start int) int {
			if f.Offset+len(f.Text) <= start {
				return -1
			}
			return 1
		})
		if i < len(out) && out[i].Offset < end {
			return
		}
		out = slices.Insert(out, i, Finding{Kind: kind, Text: text[start:end], Offset: start})
	}
	c := candidates(text)
	for _, w := range c.email {
		for _, m := range matchesIn(emailPattern, text, w) {
			add(Email, m[0], m[1])
		}
	}
	findDates(text, year, c, add)
	findNumbers(text, add)
	for _, m := range c.postcodes(text) {
		s := text[m[0]:m[1]]
		if (s == strings.ToUpper(s) || s == strings.ToLower(s)) && boundary(text, m[0], m[1]) {
			add(Postcode, m[0], m[1])
		}
	}
	for _, m := range c.titleNames(text) {
		words := strings.Fields(text[m[0]:m[1]])
		if boundary(text, m[0], m[1]) && !sentenceWords[words[len(words)-1]] {
			add(TitleName, m[0], m[1])
		}
	}
	// Positions in one walk through the text, however many findings there are.
	line, col, at := 1, 1, 0
	for i := range out {
		seg := text[at:out[i].Offset]
		if nl := strings.LastIndexByte(seg, '\n'); nl >= 0 {
			line += strings.Count(seg, "\n")
			col = 1
			seg = seg[nl+1:]
		}
		col += utf8.RuneCountInString(seg)
		at = out[i].Offset
		out[i].Line, out[i].Column = line, col
	}
	return out
}

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// UK postcodes: outward code (area and district), a space or none, inward code.
	postcodePattern = regexp.MustCompile(`(?i)\b(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b`)
	// A title as written (capitalised), then a surname: a capital and lower-case
	// letters, so an initial as in "Mr A" (already anonymised) is not flagged.
	titleNamePattern = regexp.MustCompile(`\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Master|Rev|Revd)\.? +(?:[A-Z][a-z]*['’-])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?`)
	// Full dates: day/month/year with one separator, ISO, or with the month in words.
	numericDatePattern = regexp.MustCompile(`\b(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4}|\d{2})\b`)
	isoDatePattern     = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	wordDatePattern    = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? +(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? +(\d{4})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})\b`)
	birthCue           = regexp.MustCompile(`(?i)(\bdob|\bd\.o\.b\.?|date of birth|\bborn|\bbirthday)(\s+(on|in))?[\s:\-–,(]*$`)
	eventCue           = regexp.MustCompile(`(?i)\b(on|since|from|until|till|by|dated|published|updated|issued|revised|qualified|registered|started|began|in|effective)\s*:?\s*$`)
)

// sentenceWords start sentences far more often than they are surnames: after "Dr."
// they mean the full stop ended the sentence.
var sentenceWords = map[string]bool{
	"The": true, "Then": true, "This": true, "That": true, "These": true, "They": true, "There": true,
	"We": true, "He": true, "She": true, "It": true, "After": true, "When": true, "But": true,
	"And": true, "So": true, "An": true, "In": true, "On": true, "At": true, "As": true, "If": true,
	"My": true, "Our": true, "Her": true, "His": true, "Their": true, "Later": true, "Next": true,
}

var monthNumbers = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

// birthAgeYears: an uncued full date at least this many years ago is likely a birth date.
const birthAgeYears = 16

func findDates(text string, year int, c scan, add func(Kind, int, int)) {
	consider := func(start, end, y int) {
		before := text[max(0, start-40):start]
		if i := strings.LastIndexByte(before, '\n'); i >= 0 {
			before = before[i+1:]
		}
		switch {
		case mayCueBirth(before) && birthCue.MatchString(before):
			add(DateOfBirth, start, end)
		case y <= year-birthAgeYears && !(mayCueEvent(before) && eventCue.MatchString(before)):
			add(DateOfBirth, start, end)
		}
	}
	for _, w := range c.numericDates {
		for _, m := range submatchesIn(numericDatePattern, text, w) {
			if text[m[4]:m[5]] != text[m[8]:m[9]] || !boundary(text, m[0], m[1]) {
				continue // mixed separators, or part of a longer number: not a date
			}
			d, _ := strconv.Atoi(text[m[2]:m[3]])
			mo, _ := strconv.Atoi(text[m[6]:m[7]])
			y := fullYear(text[m[10]:m[11]], year)
			if validDay(y, mo, d) {
				consider(m[0], m[1], y)
			}
		}
	}
	for _, w := range c.isoDates {
		for _, m := range submatchesIn(isoDatePattern, text, w) {
			y, _ := strconv.Atoi(text[m[2]:m[3]])
			mo, _ := strconv.Atoi(text[m[4]:m[5]])
			d, _ := strconv.Atoi(text[m[6]:m[7]])
			if validDay(y, mo, d) && boundary(text, m[0], m[1]) {
				consider(m[0], m[1], y)
			}
		}
	}
	for _, m := range c.wordDates(text) {
		var ds, ms, ys string
		if m[2] >= 0 {
			ds, ms, ys = text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]
		} else {
			ms, ds, ys = text[m[8]:m[9]], text[m[10]:m[11]], text[m[12]:m[13]]
		}
		d, _ := strconv.Atoi(ds)
		y, _ := strconv.Atoi(ys)
		if validDay(y, monthNumbers[strings.ToLower(ms)], d) {
			consider(m[0], m[1], y)
		}
	}
}

// fullYear reads a two-digit year as the most recent such year not in the future.
func fullYear(s string, year int) int {
	y, _ := strconv.Atoi(s)
	if len(s) == 4 {
		return y
	}
	century := year / 100 * 100
	if century+y > year {
		return century - 100 + y
	}
	return century + y
}

// The years a date may have: the same range as portfolio's dates, written here so
// that this package depends on nothing of the domain.
const (
	minYear = 1900
	maxYear = 2200
)

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < minYear || y > maxYear {
		return false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
}

// findNumbers finds runs of digits written with single spaces, hyphens or brackets
// between groups, and says which are NHS numbers and which phone numbers.
func findNumbers(text string, add func(Kind, int, int)) {
	for i := 0; i < len(text); {
		// Skip quickly to a byte that may start a number: '(', '+' and the digits
		// lie between '\'' and ':'.
		if i = skipTo(text, i, classNumber, '\'', ':'); i == len(text) {
			return
		}
		c := text[i]
		startsRun := isDigit(c) || (c == '+' || c == '(') && i+1 < len(text) && (isDigit(text[i+1]) || text[i+1] == '+')
		if !startsRun || i > 0 && (isWordByte(text[i-1]) || text[i-1] == '.' || text[i-1] == ',') {
			i++
			continue
		}
		start := i
		end, next, digits, groups := numberRun(text, i)
		i = max(next, i+1)
		// A number glued to letters or a decimal point is a quantity or a code.
		if end < len(text) && (isWordByte(text[end]) || text[end] == '.' && end+1 < len(text) && isDigit(text[end+1])) {
			continue
		}
		if strings.HasPrefix(text[start:end], "(") && !strings.Contains(text[start:end], ")") {
			start++
		}
		switch {
		case len(digits) == 10 && nhsChecksum(digits) && (len(groups) == 1 || slices.Equal(groups, []int{3, 3, 4})):
			add(NHSNumber, start, end)
		case ukPhone(digits, text[start:end]):
			add(Phone, start, end)
		}
	}
}

// numberRun reads the run of digits starting at text[start]: where its last digit
// ends, where the scan stopped, its digits, and the sizes of its groups.
func numberRun(text string, start int) (end, next int, digits string, groups []int) {
	var ds []byte
	group := 0
	end = start
	j := start
	for j < len(text) {
		c := text[j]
		switch {
		case isDigit(c):
			ds = append(ds, c)
			group++
			end = j + 1
			j++
			continue
		case c == '+' && j == start, c == '(' || c == ')':
			j++
			continue
		case (c == ' ' || c == '-') && j+1 < len(text) && (isDigit(text[j+1]) || text[j+1] == '('):
			if group > 0 {
				groups = append(groups, group)
				group = 0
			}
			j++
			continue
		}
		break
	}
	if group > 0 {
		groups = append(groups, group)
	}
	return end, j, string(ds), groups
}

func ukPhone(digits, written string) bool {
	switch {
	case strings.HasPrefix(written, "+44") || strings.HasPrefix(written, "(+44"):
		n := len(digits) - 2
		return n >= 9 && n <= 10
	case strings.HasPrefix(digits, "0") && !strings.HasPrefix(digits, "00"):
		return len(digits) >= 10 && len(digits) <= 11
	}
	return false
}

// nhsChecksum is the NHS number's modulus 11 check.
func nhsChecksum(s string) bool {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[9]-'0')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// boundary reports whether a match stands alone: not glued to letters or digits.
func boundary(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
