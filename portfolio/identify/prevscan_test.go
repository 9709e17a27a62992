package identify

// The scan's byte loop as it was before it learnt to skip, kept so that the
// differential tests can require the faster loop to note exactly the same places,
// and so that the benchmarks can compare the two.

// prevTitleWords are the titles the previous loop looked up.
var prevTitleWords = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Miss": true, "Mx": true, "Dr": true, "Prof": true,
	"Professor": true, "Sir": true, "Dame": true, "Master": true, "Rev": true, "Revd": true,
}

func prevIsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// The previous loop's byte classes.
const (
	prevClassWord = 1 << iota
	prevClassEmail
	prevClassDate
	prevClassDigit
	prevClassTitle
)

// prevByteClasses is what each byte may be part of, as the previous loop saw it.
var prevByteClasses = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if b == '_' || prevIsLetter(b) || b >= '0' && b <= '9' {
			t[c] |= prevClassWord | prevClassEmail | prevClassDate
		}
		switch b {
		case '.', '%', '+', '-', '@':
			t[c] |= prevClassEmail
		}
		switch b {
		case '.', '/', '-':
			t[c] |= prevClassDate
		}
		if b >= '0' && b <= '9' {
			t[c] |= prevClassDigit
		}
		switch b {
		case 'M', 'D', 'P', 'S', 'R':
			t[c] |= prevClassTitle
		}
	}
	return t
}()

// prevCandidates is candidates as it was: one loop over every byte, asking the
// class table and four run states about each.
func prevCandidates(text string) scan {
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
			cl = prevByteClasses[b]
		}
		if cl&prevClassEmail != 0 {
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
		if cl&prevClassDate != 0 {
			if dateStart < 0 {
				dateStart, dateDigits, dateSeps, dateDashes = i, 0, 0, 0
			}
			switch {
			case cl&prevClassDigit != 0:
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
		if cl&prevClassDigit != 0 {
			if digitStart < 0 {
				digitStart = i
			}
			if i+1 < n && (prevIsLetter(text[i+1]) || text[i+1] >= 0x80) {
				c.inward = append(c.inward, i)
			}
		} else if digitStart >= 0 {
			if i-digitStart == 4 && digitStart > 0 && text[digitStart-1] == ' ' && cl&prevClassWord == 0 {
				c.years = append(c.years, window{digitStart, i})
			}
			digitStart = -1
		}
		if cl&prevClassTitle != 0 && prev&prevClassWord == 0 {
			j := i + 1
			for j < n && prevIsLetter(text[j]) {
				j++
			}
			if j < n && (text[j] == '.' || text[j] == ' ') && prevTitleWords[text[i:j]] {
				c.titles = append(c.titles, window{i, j})
			}
		}
		prev = cl
	}
	return c
}
