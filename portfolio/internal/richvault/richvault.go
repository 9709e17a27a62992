// Package richvault fills a test vault with one of everything an archive carries.
// It stands apart from testvault because it writes through package mentorship,
// whose own tests use testvault.
package richvault

import (
	"fmt"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
)

// Rich fills a vault with one of everything an archive must carry, each with
// its optional parts set, as a user would make them. It is long because it is a
// story: each step builds on the records before it.
func Rich(t testing.TB) (*portfolio.Portfolio, *testvault.Clock) {
	t.Helper()
	p, c := testvault.New(t)
	step := func() { c.Advance(time.Minute + 1234567*time.Nanosecond) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(p.SaveSettings(portfolio.Settings{Organisation: "St Elsewhere", RenewalDate: calendar.MakeDate(2027, 5, 1), Topics: []string{"night shifts"}}))
	g1 := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Master anticoagulation counselling", Why: "A near miss\nlast month", Functions: portfolio.Functions(portfolio.Formative | portfolio.Normative), Target: calendar.MakeDate(2026, 6, 30)})
	step()
	g2 := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Finish the audit"})
	step()
	_, err := goals.SetStatus(p, g2.ID, portfolio.GoalAchieved, "Done, presented at the team meeting.")
	must(err)
	step()
	a1 := testvault.MustAddAction(t, p, portfolio.Action{GoalID: g1.ID, What: "Shadow the anticoagulation clinic", Due: calendar.MakeDate(2026, 4, 1)})
	step()
	a2 := testvault.MustAddAction(t, p, portfolio.Action{GoalID: g1.ID, What: "Read the NICE guidance"})
	step()
	_, refl, err := goals.CompleteAction(p, a2.ID, &portfolio.Entry{Title: "What the guidance changed", Body: "Body with \x1b[31mred\x1b[0m text", Functions: portfolio.Functions(portfolio.Formative)})
	must(err)
	step()
	_, err = goals.SetActionStatus(p, a1.ID, portfolio.ActionDoing)
	must(err)
	step()
	e1 := testvault.MustAddEntry(t, p, portfolio.Entry{
		Title: "Gibbs on a dosing error", Body: "Free text first.", Functions: portfolio.Functions(portfolio.Normative | portfolio.Restorative),
		Tags: []string{"CPD", "incident"}, Date: calendar.MakeDate(2026, 3, 10),
		Template: "gibbs", TemplateVersion: 2,
		Sections: []portfolio.Section{{Heading: "Description", Body: "What happened."}, {Heading: "Feelings", Body: "Worried.\n\nThen calmer."}},
		GoalIDs:  []portfolio.ID{g1.ID}, ActionIDs: []portfolio.ID{a1.ID}, Sharing: portfolio.SharingShareable, Discuss: true,
		RecordKind: portfolio.RecordPlannedCPD,
		Fields:     []portfolio.FieldValue{{Name: "hours", Label: "Hours", Values: []string{"1.5"}}, {Name: "type", Label: "Type", Values: []string{"course", "reading"}}},
	})
	step()
	testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Private worry", Body: "Not for anyone.", Functions: portfolio.Functions(portfolio.Restorative), Sharing: portfolio.SharingPrivate, Date: calendar.MakeDate(1999, 12, 31)})
	step()
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Okafor", Organisation: "Deanery", Start: calendar.MakeDate(2026, 1, 5),
		LengthMonths: 12, IntervalDays: 30, Agreement: []portfolio.Section{{Heading: "Confidentiality", Body: "What is said stays."}, {Heading: "Frequency", Body: "Monthly."}},
		AgreedOn: calendar.MakeDate(2026, 1, 5)})
	must(err)
	step()
	held, agreed, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 2, 5), Format: portfolio.FormatRemote,
		Notes:         []portfolio.Section{{Heading: "Goal", Body: "Confidence on wards."}, {Heading: "Will", Body: "Two actions."}},
		Topics:        []string{"wellbeing", "exams"},
		AgreedActions: []portfolio.Action{{What: "Book a ward round", Due: calendar.MakeDate(2026, 3, 1)}, {GoalID: g1.ID, What: "Ask for feedback"}},
		NextDate:      calendar.MakeDate(2026, 3, 5), Shared: true})
	must(err)
	step()
	_, _, err = goals.CompleteAction(p, agreed[0].ID, nil)
	must(err)
	step()
	// The planned meeting and the session reflection are made as package mentor
	// makes them (SaveAgenda, AddSessionReflection), which cannot be imported here:
	// its own tests use this package.
	_, err = mentorship.AddMeeting(p, portfolio.Meeting{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 3, 20), Agenda: []portfolio.AgendaItem{
		{Text: "How nights are going", Question: "Any tips?"},
		{LinkKind: portfolio.KindEntry, LinkID: e1.ID, Question: "Was my analysis fair?"},
		{LinkKind: portfolio.KindGoal, LinkID: g1.ID}, {LinkKind: portfolio.KindAction, LinkID: agreed[1].ID, Text: "progress"},
	}})

	must(err)
	step()
	_, err = p.AddEntry(portfolio.Entry{Body: "I talked too much.", MeetingID: held.ID, Sharing: portfolio.SharingPrivate,
		Functions: portfolio.Functions(portfolio.Formative), Date: held.Date,
		Title: fmt.Sprintf("Session reflection: %s, %s", rel.Person, held.Date)})
	must(err)
	step()
	_, err = mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingSkills, Scores: []portfolio.Score{{Name: "active listening", Value: 3}, {Name: "signposting", Value: 4}}, Note: "Improving"})
	must(err)
	step()
	_, err = mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingProgress, RelationshipID: rel.ID, Stage: "start", Date: calendar.MakeDate(2026, 1, 5), Scores: []portfolio.Score{{Name: "self-confidence", Value: 2}}})
	must(err)
	step()
	rel2, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam"})
	must(err)
	ended := *rel2
	ended.Status, ended.EndReason, ended.EndedOn = portfolio.RelEnded, "Sam moved trust", p.Today()
	_, err = mentorship.UpdateRelationship(p, ended)
	must(err)
	step()
	pub, err := share.PublicKey(p)
	must(err)
	sealed := testvault.SealTo(t, pub, []byte("# Sam's summary\n\nThanks \x1b]0;title\x07 for the year.\n"), false)
	_, err = share.Receive(p, sealed, "summary.age", rel2.ID)
	must(err)
	if refl == nil {
		t.Fatal("no reflection")
	}
	return p, c
}
