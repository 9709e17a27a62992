package mentorship

import (
	"github.com/foliohq/folio/portfolio/goals"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestDue(t *testing.T) {
	p, _ := testvault.New(t)
	day := func(m time.Month, d int) calendar.Date { return calendar.MakeDate(2026, m, d) }
	late := testvault.MustAddAction(t, p, portfolio.Action{What: "Read the DOAC guideline", Due: day(time.March, 1)})
	soon := testvault.MustAddAction(t, p, portfolio.Action{What: "Book the audit slot", Due: day(time.March, 20)})
	testvault.MustAddAction(t, p, portfolio.Action{What: "Far off", Due: day(time.April, 30)})
	testvault.MustAddAction(t, p, portfolio.Action{What: "No date"})
	done := testvault.MustAddAction(t, p, portfolio.Action{What: "Done already", Due: day(time.March, 2)})
	done.Status = portfolio.ActionDone
	if _, err := goals.UpdateAction(p, *done); err != nil {
		t.Fatal(err)
	}
	sam, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Sam", Start: day(time.January, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := RecordMeeting(p, MeetingRecord{RelationshipID: sam.ID, Date: day(time.March, 10), NextDate: day(time.March, 24)}); err != nil {
		t.Fatal(err)
	}
	jo, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Jo", Start: day(time.January, 5)})
	if err != nil {
		t.Fatal(err)
	}
	planned, err := SaveAgenda(p, jo.ID, day(time.March, 12), []portfolio.AgendaItem{{Text: "Exams"}})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Al"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SaveAgenda(p, gone.ID, day(time.March, 15), []portfolio.AgendaItem{{Text: "x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := EndRelationship(p, gone.ID, "moved"); err != nil {
		t.Fatal(err)
	}
	if err := p.SaveSettings(portfolio.Settings{RenewalDate: day(time.March, 28)}); err != nil {
		t.Fatal(err)
	}

	got := Due(p, 14)
	want := []DueItem{
		{Kind: DueAction, ID: late.ID, Title: late.What, Due: day(time.March, 1), Days: -13, Overdue: true},
		{Kind: DueMeeting, ID: planned.ID, Title: "mentor to Jo", Due: day(time.March, 12), Days: -2, Overdue: true, RelationshipID: jo.ID},
		{Kind: DueAction, ID: soon.ID, Title: soon.What, Due: day(time.March, 20), Days: 6},
		{Kind: DueMeeting, Title: "mentored by Sam", Due: day(time.March, 24), Days: 10, RelationshipID: sam.ID},
		{Kind: DueRevalidation, Title: "revalidation: submit your records by the renewal date", Due: day(time.March, 28), Days: 14},
	}
	if len(got) != len(want) {
		t.Fatalf("Due(14) = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// The horizon is inclusive: 13 days leaves the renewal date, on day 14, out.
	if n := len(Due(p, 13)); n != 4 {
		t.Errorf("Due(13) has %d items, want 4", n)
	}
	// Zero days: what is overdue and what is due today.
	if n := len(Due(p, 0)); n != 2 {
		t.Errorf("Due(0) has %d items, want the 2 overdue", n)
	}
}
