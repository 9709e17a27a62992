package document

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// The pack ends with the period's CPD hours, per year, function and record kind;
// hours outside the period are not counted.
func TestRevalidationPackTotalsHours(t *testing.T) {
	p, _ := testvault.New(t)
	rules, _ := revalidation.LoadRules("")
	hours := func(v string) []portfolio.FieldValue {
		return []portfolio.FieldValue{{Name: "hours", Label: "Time spent", Values: []string{v}}}
	}
	mustAdd(t, p, portfolio.Entry{Title: "Inhalers", Body: "x", Date: calendar.MakeDate(2026, 1, 10), RecordKind: portfolio.RecordPlannedCPD, Functions: portfolio.Functions(portfolio.Formative), Fields: hours("2")})
	mustAdd(t, p, portfolio.Entry{Title: "Debrief", Body: "x", Date: calendar.MakeDate(2026, 2, 1), RecordKind: portfolio.RecordUnplannedCPD, Functions: portfolio.Functions(portfolio.Restorative), Fields: hours("1.5")})
	mustAdd(t, p, portfolio.Entry{Title: "Long ago", Body: "x", Date: calendar.MakeDate(2024, 2, 1), RecordKind: portfolio.RecordPlannedCPD, Functions: portfolio.Functions(portfolio.Formative), Fields: hours("9")})
	d, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	last := d.Sections[len(d.Sections)-1]
	if last.Heading != "CPD hours" {
		t.Fatalf("last section = %q", last.Heading)
	}
	text := docText(d)
	if !strings.Contains(text, "3.5 h from 2 entries (formative 2 h, restorative 1.5 h)") {
		t.Errorf("the pack lacks the total:\n%s", text)
	}
	var rows []string
	for _, b := range last.Blocks {
		for _, r := range b.Rows {
			rows = append(rows, strings.Join(r, " | "))
		}
	}
	want := []string{"Year | 2026 | 3.5 h | 2", "Function | formative | 2 h | 1", "Function | restorative | 1.5 h | 1",
		"Record | planned CPD | 2 h | 1", "Record | unplanned CPD | 1.5 h | 1"}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(text, "9 h") || strings.Contains(text, "2024") {
		t.Errorf("hours from outside the period were counted:\n%s", text)
	}
}
