package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	// testToday is Saturday 14 March 2026.
	d := func(y int, m time.Month, day int) Date { return MakeDate(y, m, day) }
	tests := []struct {
		in   string
		want Date
	}{
		{"2026-03-14", d(2026, 3, 14)},
		{"1999-12-31", d(1999, 12, 31)},
		{"2024-02-29", d(2024, 2, 29)},
		{"1900-01-01", d(1900, 1, 1)},
		{"2200-12-31", d(2200, 12, 31)},
		{"  2026-01-05  ", d(2026, 1, 5)},
		{"14/03/2026", d(2026, 3, 14)},
		{"1/2/2026", d(2026, 2, 1)},
		{"01.02.2026", d(2026, 2, 1)},
		{"31-12-2025", d(2025, 12, 31)},
		{"today", testToday},
		{"Today", testToday},
		{"now", testToday},
		{"yesterday", d(2026, 3, 13)},
		{"TOMORROW", d(2026, 3, 15)},
		{"0 days ago", testToday},
		{"1 day ago", d(2026, 3, 13)},
		{"3 days ago", d(2026, 3, 11)},
		{"3  days   ago", d(2026, 3, 11)},
		{"2 weeks ago", d(2026, 2, 28)},
		{"1 week ago", d(2026, 3, 7)},
		{"in 5 days", d(2026, 3, 19)},
		{"in 1 week", d(2026, 3, 21)},
		{"14 days ago", d(2026, 2, 28)},
		// A bare weekday is the most recent one, today included.
		{"saturday", testToday},
		{"friday", d(2026, 3, 13)},
		{"monday", d(2026, 3, 9)},
		{"Mon", d(2026, 3, 9)},
		{"sunday", d(2026, 3, 8)},
		// "last" is strictly before today, "next" strictly after.
		{"last monday", d(2026, 3, 9)},
		{"last saturday", d(2026, 3, 7)},
		{"last friday", d(2026, 3, 13)},
		{"next friday", d(2026, 3, 20)},
		{"next saturday", d(2026, 3, 21)},
		{"next sunday", d(2026, 3, 15)},
		{"Next  Wed", d(2026, 3, 18)},
		// Two-digit years are the year within fifty years of today.
		{"14/03/26", d(2026, 3, 14)},
		{"1.2.99", d(1999, 2, 1)},
		{"31/12/75", d(2075, 12, 31)},
		{"31/12/76", d(1976, 12, 31)},
		// Day and month without a year are this year's.
		{"14/3", d(2026, 3, 14)},
		{"1/12", d(2026, 12, 1)},
		// Months in words, day first or month first, ordinals and commas.
		{"3 April 2026", d(2026, 4, 3)},
		{"3 apr 2026", d(2026, 4, 3)},
		{"3 Apr 26", d(2026, 4, 3)},
		{"3rd April 2025", d(2025, 4, 3)},
		{"April 3, 2026", d(2026, 4, 3)},
		{"Sept 21st 2024", d(2024, 9, 21)},
		{"1 Jan", d(2026, 1, 1)},
		{"31 December", d(2026, 12, 31)},
		{"29 feb 2024", d(2024, 2, 29)},
		// Ends of periods.
		{"end of month", d(2026, 3, 31)},
		{"end of the month", d(2026, 3, 31)},
		{"end of next month", d(2026, 4, 30)},
		{"end of year", d(2026, 12, 31)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, testToday)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{
		"", "   ", "soon", "2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00",
		"2025-02-29", "1800-01-01", "1899-12-31", "2201-01-01", "31/04/2026", "14/03/026",
		"2026/03/14", "2026-3-14", "20260314", "3 months ago", "-3 days ago", "in -2 days",
		"x days ago", "in 5", "5 days", "99999 days ago", "last", "next", "last week",
		"next today", "last monday please", "mondays", "monday friday",
		// Signs and empty parts are typing slips, not dates.
		"2026-+3-14", "2026-03-+4", "+1/03/2026", "1//3/2026", "1/3//2026", "14/03-2026",
		"14/03/2026/", "1.2.3.2026",
		// Months in words with slips.
		"32 March 2026", "29 feb 2025", "3 Aprill 2026", "April 2026", "3 April 202", "0 April",
		"3 April 2026 extra", "april", "3 14 2026", "14/03/0000",
		// Relative dates that land outside the years folio accepts.
		"7000 weeks ago", "in 36500 weeks",
	} {
		got, err := ParseDate(in, testToday)
		if !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) = %v, %v; want ErrInvalidDate", in, got, err)
		}
	}
}

// A date without a year is the most recent such day for a day that happened, and the
// next such day for one to come; with a year it is that day whatever the rule.
func TestParsePastAndFutureDate(t *testing.T) {
	d := func(y int, m time.Month, day int) Date { return MakeDate(y, m, day) }
	tests := []struct {
		in           string
		past, future Date
	}{
		{"1 Jan", d(2026, 1, 1), d(2027, 1, 1)},
		{"3 Apr", d(2025, 4, 3), d(2026, 4, 3)},
		{"14 March", testToday, testToday},
		{"15 March", d(2025, 3, 15), d(2026, 3, 15)},
		{"13/3", d(2026, 3, 13), d(2027, 3, 13)},
		{"31/12", d(2025, 12, 31), d(2026, 12, 31)},
		{"3 April 2026", d(2026, 4, 3), d(2026, 4, 3)},
		{"next friday", d(2026, 3, 20), d(2026, 3, 20)},
		{"yesterday", d(2026, 3, 13), d(2026, 3, 13)},
	}
	for _, tt := range tests {
		if got, err := ParsePastDate(tt.in, testToday); err != nil || got != tt.past {
			t.Errorf("ParsePastDate(%q) = %v, %v; want %v", tt.in, got, err, tt.past)
		}
		if got, err := ParseFutureDate(tt.in, testToday); err != nil || got != tt.future {
			t.Errorf("ParseFutureDate(%q) = %v, %v; want %v", tt.in, got, err, tt.future)
		}
	}
	// 29 February without a year falls in the nearest year that has one only if that
	// year is the one chosen; otherwise it is no such day.
	if _, err := ParsePastDate("29 Feb", testToday); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("ParsePastDate(29 Feb) in 2026: %v; want ErrInvalidDate", err)
	}
}

func TestDate(t *testing.T) {
	if !Date(0).IsZero() || Date(0).String() != "" {
		t.Errorf("zero Date: IsZero=%v String=%q", Date(0).IsZero(), Date(0).String())
	}
	if got := MakeDate(1970, 1, 1); got != unixEpochDay {
		t.Errorf("MakeDate(1970-01-01) = %d, want %d", got, unixEpochDay)
	}
	if got := MakeDate(1, 1, 1); got != 1 {
		t.Errorf("MakeDate(0001-01-01) = %d, want 1", got)
	}
	d := MakeDate(2024, 2, 28)
	if got := d.AddDays(1).String(); got != "2024-02-29" {
		t.Errorf("2024-02-28 + 1 = %s", got)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("2024-02-28 + 2 = %s", got)
	}
	if d.Year() != 2024 || d.Month() != 2 || d.Day() != 28 {
		t.Errorf("parts of %s = %d %d %d", d, d.Year(), d.Month(), d.Day())
	}
	// DateOf takes the day in the time's own location, not UTC's.
	late := time.Date(2026, 3, 14, 23, 30, 0, 0, time.FixedZone("west", -5*3600))
	if got := DateOf(late).String(); got != "2026-03-14" {
		t.Errorf("DateOf(%v) = %s", late, got)
	}
	if b, _ := d.MarshalText(); string(b) != "2024-02-28" {
		t.Errorf("MarshalText = %q", b)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2026-03-14", "14/03/2026", "1.2.2026", "today", "yesterday", "3 days ago",
		"2 weeks ago", "in 5 days", "last monday", "next friday", "sat", "2026-02-30",
		"soon", "", "9999999999 days ago", "2026-+3-14", "1//3/2026",
		"3 April 2026", "1 Jan", "April 3rd, 26", "14/3/26", "14/3", "end of month",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, testToday)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("ParseDate(%q) error %v is not ErrInvalidDate", s, err)
			}
			if d != 0 {
				t.Fatalf("ParseDate(%q) returned %v with an error", s, d)
			}
			return
		}
		// Every accepted date is within the years folio stores, and its written form
		// reads back as the same day.
		if y := d.Year(); y < minYear || y > maxYear {
			t.Fatalf("ParseDate(%q) = %v, outside %d to %d", s, d, minYear, maxYear)
		}
		back, err := ParseDate(d.String(), testToday)
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, back, err)
		}
		if strings.Contains(strings.ToLower(s), "ago") && d > testToday {
			t.Fatalf("ParseDate(%q) = %v is after today", s, d)
		}
		// The past and future readings move only a date that is on the wrong side of
		// today, and never across it.
		past, errPast := ParsePastDate(s, testToday)
		future, errFuture := ParseFutureDate(s, testToday)
		if errPast == nil && (past > d || d <= testToday && past != d) {
			t.Fatalf("ParsePastDate(%q) = %v, ParseDate %v", s, past, d)
		}
		if errFuture == nil && (future < d || d >= testToday && future != d) {
			t.Fatalf("ParseFutureDate(%q) = %v, ParseDate %v", s, future, d)
		}
	})
}

// testToday is the day the tests run on: Saturday 14 March 2026.
var testToday = MakeDate(2026, time.March, 14)

// TestUnmarshalTextSaysWhatIsWrong: a date in the right form that is no real day is
// called that, not said to be in the wrong form.
func TestUnmarshalTextSaysWhatIsWrong(t *testing.T) {
	for in, want := range map[string]string{
		"2026-02-30": `"2026-02-30" is not a real date`,
		"2026-13-01": `"2026-13-01" is not a real date`,
		"14/03/2026": `"14/03/2026" is not a date in the form YYYY-MM-DD`,
		"2026-3-14":  `"2026-3-14" is not a date in the form YYYY-MM-DD`,
	} {
		var d Date
		err := d.UnmarshalText([]byte(in))
		if !errors.Is(err, ErrInvalidDate) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}
