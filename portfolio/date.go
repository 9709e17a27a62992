package portfolio

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time zone: the day an entry is about, a due date.
// It counts days from 0001-01-01 (day 1), so the zero Date means "no date".
type Date int32

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

// ParseDate reads a date as people type it: 2026-03-14, 14/03/2026 (day first, as in
// the UK), today, yesterday, tomorrow, "3 days ago", "2 weeks ago", "in 5 days",
// "monday" or "last monday" (the most recent Monday before today), "next friday".
func ParseDate(s string, today Date) (Date, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	bad := func(why string) (Date, error) {
		return 0, fmt.Errorf("%w: %q %s; use YYYY-MM-DD, DD/MM/YYYY or a word such as yesterday", ErrInvalidDate, s, why)
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
	}
	if strings.ContainsAny(t, "-/.") && t[0] >= '0' && t[0] <= '9' {
		return parseNumericDate(t, bad)
	}
	words := strings.Fields(t)
	if len(words) == 3 && words[2] == "ago" || len(words) == 3 && words[0] == "in" {
		numWord, unitWord := words[0], words[1]
		sign := -1
		if words[0] == "in" {
			numWord, unitWord, sign = words[1], words[2], 1
		}
		n, err := strconv.Atoi(numWord)
		if err != nil || n < 0 || n > 36500 {
			return bad("has no sensible number of days")
		}
		unit := map[string]int{"day": 1, "days": 1, "week": 7, "weeks": 7}[unitWord]
		if unit == 0 {
			return bad("counts in something other than days or weeks")
		}
		return inRange(today+Date(sign*n*unit), bad)
	}
	direction := -1
	if len(words) == 2 && (words[0] == "last" || words[0] == "next") {
		if words[0] == "next" {
			direction = 1
		}
		words = words[1:]
	}
	if len(words) == 1 {
		if wd, ok := weekdays[words[0]]; ok {
			d := today + Date(direction)
			for d.Time().Weekday() != wd {
				d += Date(direction)
			}
			if len(strings.Fields(t)) == 1 && today.Time().Weekday() == wd {
				return today, nil
			}
			return d, nil
		}
	}
	return bad("is not a date")
}

func parseNumericDate(t string, bad func(string) (Date, error)) (Date, error) {
	var parts []string
	if len(t) == 10 && t[4] == '-' && t[7] == '-' {
		parts = []string{t[8:], t[5:7], t[:4]}
	} else {
		// Day first with one separator throughout, so slips such as "1//3/2026" or
		// "14/03-2026" are refused rather than guessed at.
		sep := t[strings.IndexAny(t, "-/.")]
		parts = strings.Split(t, string(sep))
		if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			return bad("is not in a date format folio reads")
		}
	}
	var n [3]int
	for i, part := range parts {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			return bad("is not in a date format folio reads")
		}
		n[i], _ = strconv.Atoi(part)
	}
	d, m, y := n[0], n[1], n[2]
	if y < minYear || y > maxYear {
		return bad(fmt.Sprintf("has a year outside %d to %d", minYear, maxYear))
	}
	if m < 1 || m > 12 {
		return bad("has no such month")
	}
	date := MakeDate(y, time.Month(m), d)
	if d < 1 || date.Day() != d {
		return bad("has no such day in that month")
	}
	return date, nil
}

// inRange refuses relative dates that land outside the years folio stores.
func inRange(d Date, bad func(string) (Date, error)) (Date, error) {
	if y := d.Year(); y < minYear || y > maxYear {
		return bad(fmt.Sprintf("falls outside the years %d to %d", minYear, maxYear))
	}
	return d, nil
}
