package revalidation

import (
	"reflect"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

func timed(kind portfolio.RecordKind, date calendar.Date, fs portfolio.Functions, hours ...string) *portfolio.Entry {
	e := &portfolio.Entry{Title: "t", RecordKind: kind, Date: date, Functions: fs}
	if len(hours) > 0 {
		e.Fields = []portfolio.FieldValue{{Name: HoursField, Label: "Time spent", Values: hours}}
	}
	return e
}

func TestTotalHours(t *testing.T) {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.MakeDate(y, m, day) }
	form, rest := portfolio.Functions(portfolio.Formative), portfolio.Functions(portfolio.Restorative)
	both := form.With(portfolio.Restorative)
	entries := []*portfolio.Entry{
		timed(portfolio.RecordPlannedCPD, d(2025, time.December, 31), form, "1.5"),
		timed(portfolio.RecordPlannedCPD, d(2026, time.January, 1), form, "2"),
		timed(portfolio.RecordUnplannedCPD, d(2026, time.March, 3), both, "0.75"),
		timed(portfolio.RecordEntry, d(2026, time.March, 4), rest, "0.1"),
		timed(portfolio.RecordEntry, d(2026, time.March, 5), rest, "0.2"),
		timed(portfolio.RecordUnplannedCPD, d(2026, time.March, 6), form),            // no hours
		timed(portfolio.RecordUnplannedCPD, d(2026, time.March, 7), form, "NaN"),     // not trusted
		timed(portfolio.RecordUnplannedCPD, d(2026, time.March, 8), form, "-3"),      // not trusted
		timed(portfolio.RecordUnplannedCPD, d(2026, time.March, 9), form, "1", "2"),  // not one value
		timed(portfolio.RecordUnplannedCPD, d(2026, time.March, 10), form, "100000"), // beyond sense
	}
	got := TotalHours(entries, 0, 0)
	want := Hours{
		Total: 4.55, Entries: 5,
		ByYear:     []HoursRow{{"2025", 1.5, 1}, {"2026", 3.05, 4}},
		ByFunction: []HoursRow{{"formative", 4.25, 3}, {"restorative", 1.05, 3}},
		ByKind:     []HoursRow{{"planned CPD", 3.5, 2}, {"unplanned CPD", 0.75, 1}, {"entry", 0.3, 2}},
	}
	if got.Total != want.Total || got.Entries != want.Entries || !reflect.DeepEqual(got.ByYear, want.ByYear) || !reflect.DeepEqual(got.ByFunction, want.ByFunction) {
		t.Errorf("TotalHours =\n%+v\nwant\n%+v", got, want)
	}
	if len(got.ByKind) != 3 || got.ByKind[0].Hours != 3.5 || got.ByKind[2].Hours != 0.3 || got.ByKind[2].Entries != 2 {
		t.Errorf("ByKind = %+v", got.ByKind)
	}
	// The period is inclusive at both ends: from 1 January 2026 leaves 2025 out.
	year := TotalHours(entries, d(2026, time.January, 1), d(2026, time.March, 3))
	if year.Total != 2.75 || year.Entries != 2 {
		t.Errorf("2026 to 3 March = %+v", year)
	}
	if line := year.Line(); line != "2.75 h from 2 entries (formative 2.75 h, restorative 0.75 h)" {
		t.Errorf("Line = %q", line)
	}
	if line := TotalHours(nil, 0, 0).Line(); line != "no hours recorded" {
		t.Errorf("empty Line = %q", line)
	}
}
