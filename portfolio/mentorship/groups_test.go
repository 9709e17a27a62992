package portfolio

import (
	"errors"
	"reflect"
	"testing"
)

// A group debrief with three colleagues is recorded, carries the restorative
// function by default, and shows in the balance beside entries, goals and actions.
func TestGroupDebriefCountsInTheBalance(t *testing.T) {
	p, c := newTestPortfolio(t)
	g, err := p.AddRelationship(Relationship{Role: RolePeerSupport, Person: "Ward 7 debrief group", Participants: []string{" AB", "CD", "EF"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.Participants, []string{"AB", "CD", "EF"}) {
		t.Errorf("participants = %q", g.Participants)
	}
	m, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: g.ID, Format: FormatGroup, Notes: []Section{{Heading: "What happened", Body: "A hard night."}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Functions != Functions(Restorative) {
		t.Errorf("a peer-support meeting's functions = %v, want restorative", m.Functions.Names())
	}
	mentor, _ := p.AddRelationship(Relationship{Role: RoleMentee, Person: "Sam"})
	both := Functions(Normative).With(Restorative)
	m2, _, err := p.RecordMeeting(MeetingRecord{RelationshipID: mentor.ID, Functions: both})
	if err != nil || m2.Functions != both {
		t.Fatalf("functions given are kept: %v %v", m2, err)
	}
	m3, _, _ := p.RecordMeeting(MeetingRecord{RelationshipID: mentor.ID})
	if m3.Functions != Functions(Formative) {
		t.Errorf("a mentoring meeting's default = %v", m3.Functions.Names())
	}
	mustAddEntry(t, p, Entry{Title: "After the shift", Body: "x", Functions: Functions(Restorative)})
	goal := mustAddGoal(t, p, Goal{Title: "Sleep better", Functions: Functions(Restorative)})
	mustAddAction(t, p, Action{GoalID: goal.ID, What: "Book a session", Due: testToday + 3})
	mustAddAction(t, p, Action{What: "No goal"})

	got := p.Balance(testToday-30, testToday+30)
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
	if p.FunctionsOf(&old) != Functions(Restorative) {
		t.Error("an old peer-support meeting does not count as restorative")
	}
	q := reopen(t, p, c)
	if r, _ := q.Relationship(g.ID); !reflect.DeepEqual(r.Participants, []string{"AB", "CD", "EF"}) {
		t.Errorf("participants after reopening = %q", r.Participants)
	}
	if mm, _ := q.Meeting(m2.ID); mm.Functions != both {
		t.Errorf("functions after reopening = %v", mm.Functions.Names())
	}
}

func TestParticipantsRefused(t *testing.T) {
	p, _ := newTestPortfolio(t)
	many := make([]string, MaxParticipants+1)
	for i := range many {
		many[i] = string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	for name, ps := range map[string][]string{"twice": {"AB", "ab"}, "empty": {"AB", " "}, "control": {"A\x1bB"}, "too many": many} {
		if _, err := p.AddRelationship(Relationship{Role: RolePeerSupport, Person: "Group", Participants: ps}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
