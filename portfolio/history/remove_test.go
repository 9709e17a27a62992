package history_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// deletionFixture is a goal with two actions, an entry reflecting on one, a
// relationship with a held meeting that agreed the other, an agenda linking the goal,
// a rating and a received document attached to the relationship.
type deletionFixture struct {
	goal, keep    *portfolio.Goal
	a1, a2        *portfolio.Action
	entry         *portfolio.Entry
	rel           *portfolio.Relationship
	held, planned *portfolio.Meeting
	rating        *portfolio.Rating
}

func newDeletionFixture(t *testing.T, p *portfolio.Portfolio) deletionFixture {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var f deletionFixture
	var err error
	f.goal, err = goals.Add(p, portfolio.Goal{Title: "Confident with DOAC dosing"})
	must(err)
	f.keep, err = goals.Add(p, portfolio.Goal{Title: "Another goal"})
	must(err)
	f.a1, err = goals.AddAction(p, portfolio.Action{GoalID: f.goal.ID, What: "Read the guideline"})
	must(err)
	f.rel, err = mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr A"})
	must(err)
	var agreed []*portfolio.Action
	f.held, agreed, err = mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: f.rel.ID, Date: testvault.Today - 1,
		AgreedActions: []portfolio.Action{{GoalID: f.goal.ID, What: "Shadow the clinic"}}})
	must(err)
	f.a2 = agreed[0]
	f.entry, err = p.AddEntry(portfolio.Entry{Title: "Reflection", Body: "b", Functions: portfolio.Functions(portfolio.Formative),
		GoalIDs: []portfolio.ID{f.goal.ID, f.keep.ID}, ActionIDs: []portfolio.ID{f.a1.ID}})
	must(err)
	_, err = goals.SetActionStatus(p, f.a1.ID, portfolio.ActionDone)
	must(err)
	f.planned, err = mentorship.AddMeeting(p, portfolio.Meeting{RelationshipID: f.rel.ID, Date: testvault.Today + 7, Agenda: []portfolio.AgendaItem{{LinkKind: portfolio.KindGoal, LinkID: f.goal.ID}, {Text: "Rota"}, {LinkKind: portfolio.KindEntry, LinkID: f.entry.ID}}})
	must(err)
	f.rating, err = mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingSkills, RelationshipID: f.rel.ID, Date: testvault.Today, Scores: []portfolio.Score{{Name: portfolio.MentorSkills[0], Value: 3}}})
	must(err)
	return f
}

func TestDeleteGoalTakesItsPlanToTheTrashAndKeepsLinks(t *testing.T) {
	p, c := testvault.New(t)
	f := newDeletionFixture(t, p)
	plan, err := history.PlanDeletion(p, f.goal.ID, portfolio.KindGoal)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Deleted[portfolio.KindGoal] != 1 || plan.Deleted[portfolio.KindAction] != 2 || plan.Others() != "2 actions" {
		t.Errorf("plan deletes %v (%q)", plan.Deleted, plan.Others())
	}
	if _, ok := goals.Get(p, f.goal.ID); !ok {
		t.Fatal("planning deleted the goal")
	}
	entryBefore, _ := p.Entry(f.entry.ID)
	goalsBefore, actionsBefore := slices.Clone(entryBefore.GoalIDs), slices.Clone(entryBefore.ActionIDs)
	heldBefore, _ := mentorship.Meeting(p, f.held.ID)
	agreedBefore := slices.Clone(heldBefore.AgreedActionIDs)
	if _, err := history.Delete(p, f.goal.ID, portfolio.KindGoal); err != nil {
		t.Fatal(err)
	}
	for _, again := range []bool{false, true} {
		q := p
		if again {
			q = testvault.Reopen(t, p, c)
		}
		if _, ok := goals.Get(q, f.goal.ID); ok {
			t.Error("the goal is still there")
		}
		if _, ok := goals.Action(q, f.a1.ID); ok {
			t.Error("its action is still there")
		}
		for _, id := range []portfolio.ID{f.goal.ID, f.a1.ID, f.a2.ID} {
			if !q.InTrash(id) {
				t.Errorf("%s is not in the trash", id)
			}
		}
		// Links stay: their readers show the target as in the trash.
		e, _ := q.Entry(f.entry.ID)
		if !slices.Equal(e.GoalIDs, goalsBefore) || !slices.Equal(e.ActionIDs, actionsBefore) {
			t.Errorf("the entry lost links: goals %v, actions %v", e.GoalIDs, e.ActionIDs)
		}
		m, _ := mentorship.Meeting(q, f.held.ID)
		if !slices.Equal(m.AgreedActionIDs, agreedBefore) {
			t.Errorf("the meeting lost its agreed action: %v", m.AgreedActionIDs)
		}
		pl, _ := mentorship.Meeting(q, f.planned.ID)
		if len(pl.Agenda) != 3 || pl.Agenda[0].LinkID != f.goal.ID {
			t.Errorf("the agenda lost the deleted goal: %+v", pl.Agenda)
		}
		// What is left can still be edited: a link to the trash validates.
		if _, err := q.UpdateEntry(*e); err != nil {
			t.Errorf("the entry no longer saves: %v", err)
		}
		if _, err := mentorship.UpdateMeeting(q, *pl); err != nil {
			t.Errorf("the agenda no longer saves: %v", err)
		}
		p = q
	}
	// Restoring the goal brings back its plan, deleted with it.
	if _, err := history.Restore(p, f.goal.ID, 0); err != nil {
		t.Fatal(err)
	}
	for _, id := range []portfolio.ID{f.a1.ID, f.a2.ID} {
		if _, ok := goals.Action(p, id); !ok || p.InTrash(id) {
			t.Errorf("action %s did not come back with its goal", id)
		}
	}
	if g, ok := goals.Get(p, f.goal.ID); !ok || g.Title != f.goal.Title {
		t.Errorf("the goal came back as %+v, %v", g, ok)
	}
}

func TestDeleteRelationshipTakesMeetingsAndRatings(t *testing.T) {
	p, c := testvault.New(t)
	f := newDeletionFixture(t, p)
	d, err := history.Delete(p, f.rel.ID, portfolio.KindRelationship)
	if err != nil {
		t.Fatal(err)
	}
	if d.Deleted[portfolio.KindMeeting] != 2 || d.Deleted[portfolio.KindRating] != 1 || d.Others() != "2 meetings, 1 rating" {
		t.Errorf("deleted %v (%q)", d.Deleted, d.Others())
	}
	q := testvault.Reopen(t, p, c)
	if _, ok := mentorship.Relationship(q, f.rel.ID); ok {
		t.Error("the relationship is still there")
	}
	if len(mentorship.Meetings(q, "")) != 0 || len(mentorship.Ratings(q, portfolio.RatingSkills, "")) != 0 {
		t.Error("its meetings or ratings are still there")
	}
	a, ok := goals.Action(q, f.a2.ID)
	if !ok || a.MeetingID == "" || !q.InTrash(a.MeetingID) {
		t.Errorf("the agreed action should stay, linking its meeting in the trash: %+v, %v", a, ok)
	}
	if _, err := history.Restore(q, f.rel.ID, 0); err != nil {
		t.Fatal(err)
	}
	if len(mentorship.Meetings(q, "")) != 2 || len(mentorship.Ratings(q, portfolio.RatingSkills, "")) != 1 {
		t.Errorf("restoring the relationship brought back %d meetings and %d ratings", len(mentorship.Meetings(q, "")), len(mentorship.Ratings(q, portfolio.RatingSkills, "")))
	}
}

func TestDeleteEachKindAndResolveRecord(t *testing.T) {
	p, c := testvault.New(t)
	f := newDeletionFixture(t, p)
	for _, r := range []struct {
		id   portfolio.ID
		kind portfolio.Kind
	}{{f.entry.ID, portfolio.KindEntry}, {f.a2.ID, portfolio.KindAction}, {f.held.ID, portfolio.KindMeeting}, {f.rating.ID, portfolio.KindRating}} {
		id, kind, err := history.ResolveRecord(p, string(r.id[:6]))
		if err != nil || id != r.id || kind != r.kind {
			t.Errorf("ResolveRecord(%s) = %s %s %v", r.id[:6], id, kind, err)
		}
		if _, err := history.Delete(p, r.id, r.kind); err != nil {
			t.Errorf("delete %s: %v", r.kind, err)
		}
		if _, err := history.Delete(p, r.id, r.kind); !errors.Is(err, portfolio.ErrNotFound) {
			t.Errorf("deleting the %s twice: %v", r.kind, err)
		}
	}
	q := testvault.Reopen(t, p, c)
	if _, ok := q.Entry(f.entry.ID); ok {
		t.Error("the entry is still there")
	}
	a, _ := goals.Action(q, f.a1.ID)
	if a.ReflectionID != "" {
		t.Errorf("the action still links its deleted reflection")
	}
	if _, _, err := history.ResolveRecord(q, string(f.rating.ID)); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("a deleted rating still resolves: %v", err)
	}
}
