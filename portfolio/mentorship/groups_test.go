package mentorship

import (
	"errors"
	"reflect"
	"testing"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// A group debrief with three colleagues is recorded, carries the restorative
// function by default, and shows in the balance beside entries, goals and actions.
func TestGroupDebriefCountsInTheBalance(t *testing.T) {
	p, c := testvault.New(t)
	g, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RolePeerSupport, Person: "Ward 7 debrief group", Participants: []string{" AB", "CD", "EF"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.Participants, []string{"AB", "CD", "EF"}) {
		t.Errorf("participants = %q", g.Participants)
	}
	m, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: g.ID, Format: portfolio.FormatGroup, Notes: []portfolio.Section{{Heading: "What happened", Body: "A hard night."}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Functions != portfolio.Functions(portfolio.Restorative) {
		t.Errorf("a peer-support meeting's functions = %v, want restorative", m.Functions.Names())
	}
	mentor, _ := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam"})
	both := portfolio.Functions(portfolio.Normative).With(portfolio.Restorative)
	m2, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: mentor.ID, Functions: both})
	if err != nil || m2.Functions != both {
		t.Fatalf("functions given are kept: %v %v", m2, err)
	}
	m3, _, _ := RecordMeeting(p, MeetingRecord{RelationshipID: mentor.ID})
	if m3.Functions != portfolio.Functions(portfolio.Formative) {
		t.Errorf("a mentoring meeting's default = %v", m3.Functions.Names())
	}
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "After the shift", Body: "x", Functions: portfolio.Functions(portfolio.Restorative)})
	goal := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Sleep better", Functions: portfolio.Functions(portfolio.Restorative)})
	testvault.MustAddAction(t, p, portfolio.Action{GoalID: goal.ID, What: "Book a session", Due: testvault.Today + 3})
	testvault.MustAddAction(t, p, portfolio.Action{What: "No goal"})

	got := Balance(p, testvault.Today-30, testvault.Today+30)
	want := []BalanceRow{
		{What: "entries", Restorative: 1},
		{What: "meetings", Normative: 1, Formative: 1, Restorative: 2},
		{What: "goals", Restorative: 1},
		{What: "actions", Restorative: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Balance =\n%+v\nwant\n%+v", got, want)
	}
	// Meetings saved before meetings had functions count as their role's default.
	old := *m
	old.Functions = 0
	if FunctionsOf(p, &old) != portfolio.Functions(portfolio.Restorative) {
		t.Error("an old peer-support meeting does not count as restorative")
	}
	q := testvault.Reopen(t, p, c)
	if r, _ := Relationship(q, g.ID); !reflect.DeepEqual(r.Participants, []string{"AB", "CD", "EF"}) {
		t.Errorf("participants after reopening = %q", r.Participants)
	}
	if mm, _ := Meeting(q, m2.ID); mm.Functions != both {
		t.Errorf("functions after reopening = %v", mm.Functions.Names())
	}
}

func TestParticipantsRefused(t *testing.T) {
	p, _ := testvault.New(t)
	many := make([]string, validate.MaxParticipants+1)
	for i := range many {
		many[i] = string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	for name, ps := range map[string][]string{"twice": {"AB", "ab"}, "empty": {"AB", " "}, "control": {"A\x1bB"}, "too many": many} {
		if _, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RolePeerSupport, Person: "Group", Participants: ps}); !errors.Is(err, portfolio.ErrInvalid) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
