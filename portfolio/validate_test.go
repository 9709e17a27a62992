package portfolio

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/validate"
)

func TestEntryValidation(t *testing.T) {
	p, _ := newTestPortfolio(t)
	goal := mustAddGoal(t, p, Goal{Title: "Learn"})
	action := mustAddAction(t, p, Action{GoalID: goal.ID, What: "Read"})
	ok := func() Entry {
		return Entry{Title: "A title", Body: "Some body", Functions: Functions(Normative), Date: testToday}
	}
	tests := []struct {
		name   string
		change func(*Entry)
		want   error
	}{
		{"empty title", func(e *Entry) { e.Title = "" }, ErrInvalid},
		{"blank title", func(e *Entry) { e.Title = " \t " }, ErrInvalid},
		{"title too long", func(e *Entry) { e.Title = strings.Repeat("x", validate.MaxTitleRunes+1) }, ErrInvalid},
		{"control character in title", func(e *Entry) { e.Title = "a\x1b[2Jb" }, ErrInvalid},
		{"no function", func(e *Entry) { e.Functions = 0 }, ErrInvalid},
		{"only bits outside the functions", func(e *Entry) { e.Functions = 8 }, ErrInvalid},
		{"invalid UTF-8 in title", func(e *Entry) { e.Title = "caf\xe9" }, ErrInvalid},
		{"invalid UTF-8 in body", func(e *Entry) { e.Body = "ok\xff\xfe" }, ErrInvalid},
		{"invalid UTF-8 in tag", func(e *Entry) { e.Tags = []string{"fine", "\xc3"} }, ErrInvalid},
		{"invalid UTF-8 in section heading", func(e *Entry) { e.Sections = []Section{{Heading: "\xff", Body: "b"}} }, ErrInvalid},
		{"invalid UTF-8 in section body", func(e *Entry) { e.Sections = []Section{{Heading: "h", Body: "\xff"}} }, ErrInvalid},
		{"empty section heading", func(e *Entry) { e.Sections = []Section{{Heading: " ", Body: "b"}} }, ErrInvalid},
		{"body over 1 MiB", func(e *Entry) { e.Body = strings.Repeat("a", validate.MaxBodyBytes+1) }, ErrInvalid},
		{"body and sections over 1 MiB together", func(e *Entry) {
			e.Body = strings.Repeat("a", validate.MaxBodyBytes/2+1)
			e.Sections = []Section{{Heading: "h", Body: strings.Repeat("b", validate.MaxBodyBytes/2)}}
		}, ErrInvalid},
		{"future date", func(e *Entry) { e.Date = testToday + 2 }, ErrInvalidDate},
		{"date far in the future", func(e *Entry) { e.Date = calendar.MakeDate(2300, 1, 1) }, ErrInvalidDate},
		{"date in 1800", func(e *Entry) { e.Date = calendar.MakeDate(1800, 6, 1) }, ErrInvalidDate},
		{"link to a missing goal", func(e *Entry) { e.GoalIDs = []ID{goal.ID, "0000000000000000"} }, ErrNotFound},
		{"link to a missing action", func(e *Entry) { e.ActionIDs = []ID{"zzzzzzzzzzzzzzzz"} }, ErrNotFound},
		{"a goal's ID is not an action's", func(e *Entry) { e.ActionIDs = []ID{goal.ID} }, ErrNotFound},
		{"too many links", func(e *Entry) { e.GoalIDs = slices.Repeat([]ID{goal.ID}, validate.MaxLinks+1) }, ErrInvalid},
		{"bad tag", func(e *Entry) { e.Tags = []string{"a,b"} }, ErrInvalid},
	}
	for _, tt := range tests {
		e := ok()
		tt.change(&e)
		got, err := p.AddEntry(e)
		if !errors.Is(err, tt.want) || got != nil {
			t.Errorf("%s: AddEntry = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		if !IsBadInput(err) {
			t.Errorf("%s: IsBadInput(%v) = false", tt.name, err)
		}
	}
	if n := p.EntryCount(); n != 0 {
		t.Fatalf("%d entries saved by rejected adds", n)
	}

	// The edges of the limits are accepted.
	e := ok()
	e.Title = strings.Repeat("é", validate.MaxTitleRunes)
	e.Body = strings.Repeat("a", validate.MaxBodyBytes)
	e.Date = testToday + 1 // a day's slack for time zones
	e.GoalIDs = []ID{goal.ID}
	e.ActionIDs = []ID{action.ID}
	if _, err := p.AddEntry(e); err != nil {
		t.Fatalf("entry at the limits: %v", err)
	}
}

func TestEntryNormalised(t *testing.T) {
	p, _ := newTestPortfolio(t)
	goal := mustAddGoal(t, p, Goal{Title: "Learn"})
	got := mustAddEntry(t, p, Entry{
		Title:     "  Spaced title \t",
		Body:      "line one\r\nline two  \n\n\t",
		Functions: Functions(Restorative),
		Tags:      []string{"#Audit", "audit", " cpd "},
		GoalIDs:   []ID{goal.ID, goal.ID},
		Sections:  []Section{{Heading: " What happened ", Body: "it did\r\n"}},
	})
	if got.Title != "Spaced title" {
		t.Errorf("Title = %q", got.Title)
	}
	if got.Body != "line one\nline two" {
		t.Errorf("Body = %q", got.Body)
	}
	if !slices.Equal(got.Tags, []string{"Audit", "cpd"}) {
		t.Errorf("Tags = %q", got.Tags)
	}
	if got.Date != testToday {
		t.Errorf("Date = %v, want today %v", got.Date, testToday)
	}
	if !slices.Equal(got.GoalIDs, []ID{goal.ID}) {
		t.Errorf("GoalIDs = %v", got.GoalIDs)
	}
	if got.Sections[0].Heading != "What happened" || got.Sections[0].Body != "it did" {
		t.Errorf("Sections = %q", got.Sections)
	}
	if len(got.ID) != 16 || !got.Created.Equal(testNow) || !got.Updated.Equal(testNow) {
		t.Errorf("ID %q, Created %v, Updated %v", got.ID, got.Created, got.Updated)
	}
}

func TestGoalAndActionValidation(t *testing.T) {
	p, _ := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "  Goal  "})
	if g.Title != "Goal" || g.Functions != Functions(Formative) || g.Status != GoalOpen {
		t.Errorf("goal defaults: %+v", g)
	}
	for _, tt := range []struct {
		name string
		g    Goal
		want error
	}{
		{"empty title", Goal{Title: ""}, ErrInvalid},
		{"unknown status", Goal{Title: "x", Status: 9}, ErrInvalid},
		{"target in 1800", Goal{Title: "x", Target: calendar.MakeDate(1800, 1, 1)}, ErrInvalidDate},
		{"invalid UTF-8 reason", Goal{Title: "x", Why: "\xff"}, ErrInvalid},
	} {
		if _, err := addGoal(p, tt.g); !errors.Is(err, tt.want) {
			t.Errorf("%s: AddGoal error %v, want %v", tt.name, err, tt.want)
		}
	}
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "Step"})
	if a.Status != ActionTodo || !a.DoneOn.IsZero() {
		t.Errorf("action defaults: %+v", a)
	}
	for _, tt := range []struct {
		name string
		a    Action
		want error
	}{
		{"empty", Action{GoalID: g.ID}, ErrInvalid},
		{"missing goal", Action{GoalID: "0000000000000000", What: "x"}, ErrNotFound},
		{"unknown status", Action{What: "x", Status: 7}, ErrInvalid},
		{"missing reflection", Action{What: "x", ReflectionID: "0000000000000000"}, ErrNotFound},
		{"due in 2300", Action{What: "x", Due: calendar.MakeDate(2300, 1, 1)}, ErrInvalidDate},
	} {
		if _, err := addAction(p, tt.a); !errors.Is(err, tt.want) {
			t.Errorf("%s: AddAction error %v, want %v", tt.name, err, tt.want)
		}
	}
	if n := len(actionsOf(p)); n != 1 {
		t.Errorf("%d actions after rejected adds, want 1", n)
	}
	done := mustAddAction(t, p, Action{What: "Already done", Status: ActionDone})
	if done.DoneOn != testToday {
		t.Errorf("DoneOn = %v, want today", done.DoneOn)
	}
}

// A function name that is not one is bad input (exit status 2), as the core tells it.
func TestParseFunctionRejectsAsBadInput(t *testing.T) {
	for _, in := range []string{"", "   ", "x", "normal", "normativex", "formativ e", "supportive", "n,f", "#normative", "ｎormative"} {
		if _, err := ParseFunction(in); !IsBadInput(err) {
			t.Errorf("ParseFunction(%q): IsBadInput(%v) = false", in, err)
		}
	}
}
