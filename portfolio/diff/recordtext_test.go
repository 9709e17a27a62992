package diff

import (
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// A goal's or a meeting's version reads as labelled lines, not JSON, so a diff of two
// versions shows the field that changed.
func TestRecordTextOfOtherRecordsIsLabelledLines(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	g := &portfolio.Goal{ID: "g1", Title: "Safer dosing", Why: "A near miss", Functions: portfolio.Functions(portfolio.Formative), Status: portfolio.GoalOpen, Created: now, Updated: now}
	got := RecordText(portfolio.Version{Record: g})
	for _, want := range []string{"title: Safer dosing", "why: A near miss", "functions: formative", "status: open"} {
		if !strings.Contains(got, want+"\n") && !strings.HasSuffix(got, want) {
			t.Errorf("goal text lacks the line %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"{", "\"", "g1", "2026-11-28T10:00"} {
		if strings.Contains(got, not) {
			t.Errorf("goal text shows %q:\n%s", not, got)
		}
	}

	m := &portfolio.Meeting{ID: "m1", Date: calendar.MakeDate(2026, time.November, 20), Held: true,
		Agenda: []portfolio.AgendaItem{{Text: "Rota"}}, Notes: []portfolio.Section{{Heading: "Goal", Body: "Feel less rushed"}},
		Topics: []string{"rota", "audit"}, Functions: portfolio.Functions(portfolio.Restorative)}
	got = RecordText(portfolio.Version{Record: m})
	for _, want := range []string{"date: 2026-11-20", "held: true", "agenda 1 text: Rota", "notes, Goal: Feel less rushed", "topics: rota, audit"} {
		if !strings.Contains(got, want) {
			t.Errorf("meeting text lacks %q:\n%s", want, got)
		}
	}

	// A changed field is a changed line: the diff names it.
	g2 := *g
	g2.Why = "Two near misses"
	parts := WordDiff(RecordText(portfolio.Version{Record: g}), RecordText(portfolio.Version{Record: &g2}))
	var changed []string
	for _, p := range parts {
		if p.Op != DiffEqual {
			changed = append(changed, p.Text)
		}
	}
	if c := strings.Join(changed, "|"); !strings.Contains(c, "Two") || strings.Contains(c, "title") {
		t.Errorf("the diff of a changed why is %q", c)
	}
}
