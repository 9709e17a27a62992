package identify

// The detector as it was before the single-pass scanner, kept as the reference the
// differential tests compare against: the fast scanner must find exactly what this
// finds.

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

func refFind(text string, year int) []Finding {
	var out []Finding
	add := func(kind Kind, start, end int) {
		for _, f := range out {
			if start < f.Offset+len(f.Text) && f.Offset < end {
				return // the first, more specific finding keeps the text
			}
		}
		out = append(out, Finding{Kind: kind, Text: text[start:end], Offset: start})
	}
	for _, m := range refEmailPattern.FindAllStringIndex(text, -1) {
		add(Email, m[0], m[1])
	}
	refFindDates(text, year, add)
	refFindNumbers(text, add)
	for _, m := range refPostcodePattern.FindAllStringIndex(text, -1) {
		s := text[m[0]:m[1]]
		if (s == strings.ToUpper(s) || s == strings.ToLower(s)) && refBoundary(text, m[0], m[1]) {
			add(Postcode, m[0], m[1])
		}
	}
	for _, m := range refTitleNamePattern.FindAllStringIndex(text, -1) {
		words := strings.Fields(text[m[0]:m[1]])
		if refBoundary(text, m[0], m[1]) && !refSentenceWords[words[len(words)-1]] {
			add(TitleName, m[0], m[1])
		}
	}
	slices.SortFunc(out, func(a, b Finding) int { return a.Offset - b.Offset })
	for i := range out {
		out[i].Line, out[i].Column = refLineColumn(text, out[i].Offset)
	}
	return out
}

var (
	refEmailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// UK postcodes: outward code (area and district), a space or none, inward code.
	refPostcodePattern = regexp.MustCompile(`(?i)\b(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b`)
	// A title as written (capitalised), then a surname: a capital and lower-case
	// letters, so an initial as in "Mr A" (already anonymised) is not flagged.
	refTitleNamePattern = regexp.MustCompile(`\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Master|Rev|Revd)\.? +(?:[A-Z][a-z]*['’-])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?`)
	// Full dates: day/month/year with one separator, ISO, or with the month in words.
	refNumericDatePattern = regexp.MustCompile(`\b(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4}|\d{2})\b`)
	refIsoDatePattern     = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	refWordDatePattern    = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? +(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? +(\d{4})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})\b`)
	refBirthCue           = regexp.MustCompile(`(?i)(\bdob|\bd\.o\.b\.?|date of birth|\bborn|\bbirthday)(\s+(on|in))?[\s:\-–,(]*$`)
	refEventCue           = regexp.MustCompile(`(?i)\b(on|since|from|until|till|by|dated|published|updated|issued|revised|qualified|registered|started|began|in|effective)\s*:?\s*$`)
)

// refSentenceWords start sentences far more often than they are surnames: after "Dr."
// they mean the full stop ended the sentence.
var refSentenceWords = map[string]bool{
	"The": true, "Then": true, "This": true, "That": true, "These": true, "They": true, "There": true,
	"We": true, "He": true, "She": true, "It": true, "After": true, "When": true, "But": true,
	"And": true, "So": true, "An": true, "In": true, "On": true, "At": true, "As": true, "If": true,
	"My": true, "Our": true, "Her": true, "His": true, "Their": true, "Later": true, "Next": true,
}

var refMonthNumbers = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

// refBirthAgeYears: an uncued full date at least this many years ago is likely a birth date.
const refBirthAgeYears = 16

func refFindDates(text string, year int, add func(Kind, int, int)) {
	consider := func(start, end, y int) {
		before := text[max(0, start-40):start]
		if i := strings.LastIndexByte(before, '\n'); i >= 0 {
			before = before[i+1:]
		}
		switch {
		case refBirthCue.MatchString(before):
			add(DateOfBirth, start, end)
		case y <= year-refBirthAgeYears && !refEventCue.MatchString(before):
			add(DateOfBirth, start, end)
		}
	}
	for _, m := range refNumericDatePattern.FindAllStringSubmatchIndex(text, -1) {
		if text[m[4]:m[5]] != text[m[8]:m[9]] || !refBoundary(text, m[0], m[1]) {
			continue // mixed separators, or part of a longer number: not a date
		}
		d, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[6]:m[7]])
		y := refFullYear(text[m[10]:m[11]], year)
		if refValidDay(y, mo, d) {
			consider(m[0], m[1], y)
		}
	}
	for _, m := range refIsoDatePattern.FindAllStringSubmatchIndex(text, -1) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[4]:m[5]])
		d, _ := strconv.Atoi(text[m[6]:m[7]])
		if refValidDay(y, mo, d) && refBoundary(text, m[0], m[1]) {
			consider(m[0], m[1], y)
		}
	}
	for _, m := range refWordDatePattern.FindAllStringSubmatchIndex(text, -1) {
		var ds, ms, ys string
		if m[2] >= 0 {
			ds, ms, ys = text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]
		} else {
			ms, ds, ys = text[m[8]:m[9]], text[m[10]:m[11]], text[m[12]:m[13]]
		}
		d, _ := strconv.Atoi(ds)
		y, _ := strconv.Atoi(ys)
		if refValidDay(y, refMonthNumbers[strings.ToLower(ms)], d) {
			consider(m[0], m[1], y)
		}
	}
}

// refFullYear reads a two-digit year as the most recent such year not in the future.
func refFullYear(s string, year int) int {
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
	refMinYear = 1900
	refMaxYear = 2200
)

func refValidDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < refMinYear || y > refMaxYear {
		return false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
}

// refFindNumbers finds runs of digits written with single spaces, hyphens or brackets
// between groups, and says which are NHS numbers and which phone numbers.
func refFindNumbers(text string, add func(Kind, int, int)) {
	for i := 0; i < len(text); {
		c := text[i]
		startsRun := refIsDigit(c) || (c == '+' || c == '(') && i+1 < len(text) && (refIsDigit(text[i+1]) || text[i+1] == '+')
		if !startsRun || i > 0 && (refIsWordByte(text[i-1]) || text[i-1] == '.' || text[i-1] == ',') {
			i++
			continue
		}
		start := i
		end, next, digits, groups := refNumberRun(text, i)
		i = max(next, i+1)
		// A number glued to letters or a decimal point is a quantity or a code.
		if end < len(text) && (refIsWordByte(text[end]) || text[end] == '.' && end+1 < len(text) && refIsDigit(text[end+1])) {
			continue
		}
		if strings.HasPrefix(text[start:end], "(") && !strings.Contains(text[start:end], ")") {
			start++
		}
		switch {
		case len(digits) == 10 && refNhsChecksum(digits) && (len(groups) == 1 || slices.Equal(groups, []int{3, 3, 4})):
			add(NHSNumber, start, end)
		case refUkPhone(digits, text[start:end]):
			add(Phone, start, end)
		}
	}
}

// refNumberRun reads the run of digits starting at text[start]: where its last digit
// ends, where the scan stopped, its digits, and the sizes of its groups.
func refNumberRun(text string, start int) (end, next int, digits string, groups []int) {
	var ds []byte
	group := 0
	end = start
	j := start
	for j < len(text) {
		c := text[j]
		switch {
		case refIsDigit(c):
			ds = append(ds, c)
			group++
			end = j + 1
			j++
			continue
		case c == '+' && j == start, c == '(' || c == ')':
			j++
			continue
		case (c == ' ' || c == '-') && j+1 < len(text) && (refIsDigit(text[j+1]) || text[j+1] == '('):
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

func refUkPhone(digits, written string) bool {
	switch {
	case strings.HasPrefix(written, "+44") || strings.HasPrefix(written, "(+44"):
		n := len(digits) - 2
		return n >= 9 && n <= 10
	case strings.HasPrefix(digits, "0") && !strings.HasPrefix(digits, "00"):
		return len(digits) >= 10 && len(digits) <= 11
	}
	return false
}

// refNhsChecksum is the NHS number's modulus 11 check.
func refNhsChecksum(s string) bool {
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

func refIsDigit(c byte) bool { return c >= '0' && c <= '9' }

func refIsWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// refBoundary reports whether a match stands alone: not glued to letters or digits.
func refBoundary(text string, start, end int) bool {
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

func refLineColumn(text string, offset int) (line, col int) {
	before := text[:offset]
	line = strings.Count(before, "\n") + 1
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, utf8.RuneCountInString(before) + 1
}
