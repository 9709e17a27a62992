// Package calendar is folio's day without a time zone: the Date type, reading dates
// as people type them ("yesterday", "3 April", "friday") and the bounds on them.
package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time zone: the day an entry is about, a due date.
// It counts days from 0001-01-01 (day 1), so the zero Date means "no date".
type Date int32

// ErrInvalidDate is a date that cannot be read or lies outside the years people mean.
// portfolio re-exports it, so callers test portfolio.ErrInvalidDate as before.
var ErrInvalidDate = errors.New("invalid date")

// unixEpochDay is the Date of 1970-01-01.
const unixEpochDay = 719163

// Bounds on years people can mean; anything outside is a typing slip.
const (
	minYear = 1900
	maxYear = 2200
)

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(u.Unix()/86400 + unixEpochDay)
}

// MakeDate returns the Date of a year, month and day, normalising overflow like time.Date.
func MakeDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// IsZero reports whether no date is set.
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time {
	return time.Unix((int64(d)-unixEpochDay)*86400, 0).UTC()
}

// String is ISO 8601 (YYYY-MM-DD), or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// AddDays returns the day n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Year, Month and Day of the date.
func (d Date) Year() int         { return d.Time().Year() }
func (d Date) Month() time.Month { return d.Time().Month() }
func (d Date) Day() int          { return d.Time().Day() }

// MarshalText writes YYYY-MM-DD so JSON carries readable dates.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
	"sun":      time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// DateForms lists, for help text, the forms ParseDate reads.
const DateForms = "2026-04-03; 3/4/2026, 3.4.26 or 3/4 (day first); 3 April 2026, 3 Apr 26, April 3, 1 Jan; " +
	"today, yesterday, tomorrow; 3 days ago, in 2 weeks; monday, last monday, next friday; end of month, end of next month, end of year"

// yearRule says which year a date written without one (3 April, 3/4) falls in.
type yearRule int

const (
	thisYear  yearRule = iota // the current year
	notAfter                  // this year's, else last year's if that is after today
	notBefore                 // this year's, else next year's if that is before today
)

// ParseDate reads a date as people write it (DateForms): ISO 2026-03-14; day first
// 14/03/2026, 14.3.26 (a two-digit year is the one within fifty years of today) or
// 14/3 (this year); "3 April 2026", "3 Apr", "April 3rd, 2026"; today, yesterday,
// tomorrow, "3 days ago", "2 weeks ago", "in 5 days"; "monday" or "last monday" (the
// most recent Monday before today), "next friday"; "end of month", "end of next month",
// "end of year". A date without a year is in this year.
func ParseDate(s string, today Date) (Date, error) { return parseDate(s, today, thisYear) }

// ParsePastDate is ParseDate for a day that has happened, such as an entry's: a date
// written without a year ("1 Jan") is the most recent such day, this year or last.
func ParsePastDate(s string, today Date) (Date, error) { return parseDate(s, today, notAfter) }

// ParseFutureDate is ParseDate for a day to come, such as a target or a due date: a
// date written without a year ("1 Jan") is the next such day, this year or next.
func ParseFutureDate(s string, today Date) (Date, error) { return parseDate(s, today, notBefore) }

func parseDate(s string, today Date, rule yearRule) (Date, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	bad := func(why string) (Date, error) {
		return 0, fmt.Errorf("%w: %q %s; use YYYY-MM-DD, DD/MM/YYYY, 3 April 2026 or a word such as yesterday", ErrInvalidDate, s, why)
	}
	switch t {
	case "":
		return bad("is empty")
	case "today", "now":
		return today, nil
	case "yesterday":
		return today - 1, nil
	case "tomorrow":
		return today + 1, nil
	case "end of month", "end of the month", "end of this month":
		return endOfMonth(today, 0), nil
	case "end of next month":
		return endOfMonth(today, 1), nil
	case "end of year", "end of the year", "end of this year":
		return MakeDate(today.Year(), time.December, 31), nil
	}
	if strings.ContainsAny(t, "-/.") && t[0] >= '0' && t[0] <= '9' {
		return parseNumericDate(t, today, rule, bad)
	}
	if d, ok, err := parseWrittenDate(t, today, rule, bad); ok {
		return d, err
	}
	if d, ok, err := parseRelativeDays(t, today, bad); ok {
		return d, err
	}
	if d, ok := parseWeekday(t, today); ok {
		return d, nil
	}
	return bad("is not a date")
}

// parseRelativeDays reads "3 days ago" or "in 2 weeks". ok is false when t has
// neither shape, so other forms may be tried.
func parseRelativeDays(t string, today Date, bad func(string) (Date, error)) (d Date, ok bool, err error) {
	words := strings.Fields(t)
	if !(len(words) == 3 && words[2] == "ago" || len(words) == 3 && words[0] == "in") {
		return 0, false, nil
	}
	numWord, unitWord := words[0], words[1]
	sign := -1
	if words[0] == "in" {
		numWord, unitWord, sign = words[1], words[2], 1
	}
	n, convErr := strconv.Atoi(numWord)
	if convErr != nil || n < 0 || n > 36500 {
		d, err = bad("has no sensible number of days")
		return d, true, err
	}
	unit := map[string]int{"day": 1, "days": 1, "week": 7, "weeks": 7}[unitWord]
	if unit == 0 {
		d, err = bad("counts in something other than days or weeks")
		return d, true, err
	}
	d, err = inRange(today+Date(sign*n*unit), bad)
	return d, true, err
}

// parseWeekday reads "monday", "last monday" or "next monday". A bare weekday is
// the most recent one, today included; "last" and "next" never mean today.
func parseWeekday(t string, today Date) (Date, bool) {
	words := strings.Fields(t)
	direction := -1
	if len(words) == 2 && (words[0] == "last" || words[0] == "next") {
		if words[0] == "next" {
			direction = 1
		}
		words = words[1:]
	}
	if len(words) != 1 {
		return 0, false
	}
	wd, ok := weekdays[words[0]]
	if !ok {
		return 0, false
	}
	if len(strings.Fields(t)) == 1 && today.Time().Weekday() == wd {
		return today, true
	}
	d := today + Date(direction)
	for d.Time().Weekday() != wd {
		d += Date(direction)
	}
	return d, true
}

// endOfMonth is the last day of the month n months after today's.
func endOfMonth(today Date, n int) Date {
	return MakeDate(today.Year(), today.Month()+time.Month(n)+1, 0)
}

// months are the month names people write, in full or cut to three letters.
var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

// parseWrittenDate reads a date with the month in words: "3 April 2026", "3rd Apr",
// "April 3, 2026". ok is false when t has no month name, so other forms may be tried.
func parseWrittenDate(t string, today Date, rule yearRule, bad func(string) (Date, error)) (d Date, ok bool, err error) {
	words := strings.Fields(strings.ReplaceAll(t, ",", " "))
	if len(words) < 2 || len(words) > 3 {
		return 0, false, nil
	}
	dayWord, monthWord := words[0], words[1]
	if _, isMonth := months[strings.TrimSuffix(dayWord, ".")]; isMonth {
		dayWord, monthWord = words[1], words[0]
	}
	month, isMonth := months[strings.TrimSuffix(monthWord, ".")]
	if !isMonth {
		return 0, false, nil
	}
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if trimmed, cut := strings.CutSuffix(dayWord, suffix); cut && trimmed != "" {
			dayWord = trimmed
			break
		}
	}
	day, ok := smallNumber(dayWord, 2)
	if !ok {
		d, err := bad("has no day of the month")
		return d, true, err
	}
	year := 0
	if len(words) == 3 {
		if year, err = yearOf(words[2], today); err != nil {
			d, err := bad("has no year folio reads")
			return d, true, err
		}
	}
	d, err = dayIn(year, month, day, today, rule, bad)
	return d, true, err
}

// smallNumber reads a number of at most digits digits, and nothing else.
func smallNumber(s string, digits int) (int, bool) {
	if s == "" || len(s) > digits || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// yearOf reads a four-digit year, or a two-digit one as the year within fifty years
// of today's (26 is 2026, 99 is 1999).
func yearOf(s string, today Date) (int, error) {
	if len(s) != 2 && len(s) != 4 {
		return 0, ErrInvalidDate
	}
	y, ok := smallNumber(s, 4)
	if !ok || len(s) == 4 && y == 0 {
		return 0, ErrInvalidDate
	}
	if len(s) == 2 {
		now := today.Year()
		y += now / 100 * 100
		switch {
		case y >= now+50:
			y -= 100
		case y < now-50:
			y += 100
		}
	}
	return y, nil
}

// dayIn makes the date of day and month in year, or, with year 0, in the year rule
// picks.
func dayIn(year int, month time.Month, day int, today Date, rule yearRule, bad func(string) (Date, error)) (Date, error) {
	if month < 1 || month > 12 {
		return bad("has no such month")
	}
	if year == 0 {
		year = today.Year()
		switch d := MakeDate(year, month, day); {
		case rule == notAfter && d > today:
			year--
		case rule == notBefore && d < today:
			year++
		}
	}
	if year < minYear || year > maxYear {
		return bad(fmt.Sprintf("has a year outside %d to %d", minYear, maxYear))
	}
	date := MakeDate(year, month, day)
	if day < 1 || date.Day() != day {
		return bad("has no such day in that month")
	}
	return date, nil
}

func parseNumericDate(t string, today Date, rule yearRule, bad func(string) (Date, error)) (Date, error) {
	var parts []string
	if len(t) == 10 && t[4] == '-' && t[7] == '-' {
		parts = []string{t[8:], t[5:7], t[:4]}
	} else {
		// Day first with one separator throughout, so slips such as "1//3/2026" or
		// "14/03-2026" are refused rather than guessed at.
		sep := t[strings.IndexAny(t, "-/.")]
		parts = strings.Split(t, string(sep))
		if len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			return bad("is not in a date format folio reads")
		}
		// A year has four digits or two; a three-digit one is a slip.
		if len(parts) == 3 && len(parts[2]) != 4 && len(parts[2]) != 2 {
			return bad("is not in a date format folio reads")
		}
	}
	var n [2]int
	for i, part := range parts[:2] {
		var ok bool
		if n[i], ok = smallNumber(part, 2); !ok {
			return bad("is not in a date format folio reads")
		}
	}
	year := 0
	if len(parts) == 3 {
		var err error
		if year, err = yearOf(parts[2], today); err != nil {
			return bad("is not in a date format folio reads")
		}
	}
	return dayIn(year, time.Month(n[1]), n[0], today, rule, bad)
}

// inRange refuses relative dates that land outside the years folio stores.
func inRange(d Date, bad func(string) (Date, error)) (Date, error) {
	if y := d.Year(); y < minYear || y > maxYear {
		return bad(fmt.Sprintf("falls outside the years %d to %d", minYear, maxYear))
	}
	return d, nil
}

// InRange reports an error wrapping ErrInvalidDate if d is set and its year lies
// outside the years people can mean; what names the date in the message.
func (d Date) InRange(what string) error {
	if d.IsZero() {
		return nil
	}
	if y := d.Year(); y < minYear || y > maxYear {
		return fmt.Errorf("%w: the %s %s is outside %d to %d", ErrInvalidDate, what, d, minYear, maxYear)
	}
	return nil
}

// IsDateForm says whether s is written as YYYY-MM-DD (four digits, two and two),
// whether or not it is a real day: a reader tells a wrong form from a wrong day.
func IsDateForm(s string) bool {
	if len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// UnmarshalText reads YYYY-MM-DD, or "" for no date.
func (d *Date) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		*d = 0
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		if IsDateForm(s) {
			// The form is right, so saying so would mislead: it is the day or
			// month that is not real.
			return fmt.Errorf("%w: %q is not a real date: there is no such month, or no such day in that month", ErrInvalidDate, s)
		}
		return fmt.Errorf("%w: %q is not a date in the form YYYY-MM-DD", ErrInvalidDate, s)
	}
	v := DateOf(t)
	if err := v.InRange("date"); err != nil {
		return err
	}
	*d = v
	return nil
}
