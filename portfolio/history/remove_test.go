package portfolio

import (
	"errors"
	"slices"
	"testing"
)

// deletionFixture is a goal with two actions, an entry reflecting on one, a
// relationship with a held meeting that agreed the other, an agenda linking the goal,
// a rating and a received document attached to the relationship.
type deletionFixture struct {
	goal, keep    *Goal
	a1, a2        *Action
	entry         *Entry
	rel           *Relationship
	held, planned *Meeting
	rating        *Rating
}

func newDeletionFixture(t *testing.T, p *Portfolio) deletionFixture {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var f deletionFixture
	var err error
	f.goal, err = addGoal(p, Goal{Title: "Confident with DOAC dosing"})
	must(err)
	f.keep, err = addGoal(p, Goal{Title: "Another goal"})
	must(err)
	f.a1, err = addAction(p, Action{GoalID: f.goal.ID, What: "Read the guideline"})
	must(err)
	f.rel, err = addRelationship(p, Relationship{Role: RoleMentee, Person: "Dr A"})
	must(err)
	var agreed []*Action
	f.held, agreed, err = recordMeeting(p, meetingRecord{RelationshipID: f.rel.ID, Date: testToday - 1,
		AgreedActions: []Action{{GoalID: f.goal.ID, What: "Shadow the clinic"}}})
	must(err)
	f.a2 = agreed[0]
	f.entry, err = p.AddEntry(Entry{Title: "Reflection", Body: "b", Functions: Functions(Formative),
		GoalIDs: []ID{f.goal.ID, f.keep.ID}, ActionIDs: []ID{f.a1.ID}})
	must(err)
	_, err = setActionStatus(p, f.a1.ID, ActionDone)
	must(err)
	f.planned, err = addMeeting(p, Meeting{RelationshipID: f.rel.ID, Date: testToday + 7, Agenda: []AgendaItem{{LinkKind: KindGoal, LinkID: f.goal.ID}, {Text: "Rota"}, {LinkKind: KindEntry, LinkID: f.entry.ID}}})
	must(err)
	f.rating, err = addRating(p, Rating{Kind: RatingSkills, RelationshipID: f.rel.ID, Date: testToday, Scores: []Score{{Name: MentorSkills[0], Value: 3}}})
	must(err)
	return f
}

func TestDeleteGoalTakesItsPlanToTheTrashAndKeepsLinks(t *testing.T) {
	p, c := newTestPortfolio(t)
	f := newDeletionFixture(t, p)
	plan, err := p.PlanDeletion(f.goal.ID, KindGoal)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Deleted[KindGoal] != 1 || plan.Deleted[KindAction] != 2 || plan.Others() != "2 actions" {
		t.Errorf("plan deletes %v (%q)", plan.Deleted, plan.Others())
	}
	if _, ok := goalOf(p, f.goal.ID); !ok {
		t.Fatal("planning deleted the goal")
	}
	entryBefore, _ := p.Entry(f.entry.ID)
	goalsBefore, actionsBefore := slices.Clone(entryBefore.GoalIDs), slices.Clone(entryBefore.ActionIDs)
	heldBefore, _ := meetingOf(p, f.held.ID)
	agreedBefore := slices.Clone(heldBefore.AgreedActionIDs)
	if _, err := p.Delete(f.goal.ID, KindGoal); err != nil {
		t.Fatal(err)
	}
	for _, again := range []bool{false, true} {
		q := p
		if again {
			q = reopen(t, p, c)
		}
		if _, ok := goalOf(q, f.goal.ID); ok {
			t.Error("the goal is still there")
		}
		if _, ok := actionOf(q, f.a1.ID); ok {
			t.Error("its action is still there")
		}
		for _, id := range []ID{f.goal.ID, f.a1.ID, f.a2.ID} {
			if !q.InTrash(id) {
				t.Errorf("%s is not in the trash", id)
			}
		}
		// Links stay: their readers show the target as in the trash.
		e, _ := q.Entry(f.entry.ID)
		if !slices.Equal(e.GoalIDs, goalsBefore) || !slices.Equal(e.ActionIDs, actionsBefore) {
			t.Errorf("the entry lost links: goals %v, actions %v", e.GoalIDs, e.ActionIDs)
		}
		m, _ := meetingOf(q, f.held.ID)
		if !slices.Equal(m.AgreedActionIDs, agreedBefore) {
			t.Errorf("the meeting lost its agreed action: %v", m.AgreedActionIDs)
		}
		pl, _ := meetingOf(q, f.planned.ID)
		if len(pl.Agenda) != 3 || pl.Agenda[0].LinkID != f.goal.ID {
			t.Errorf("the agenda lost the deleted goal: %+v", pl.Agenda)
		}
		// What is left can still be edited: a link to the trash validates.
		if _, err := q.UpdateEntry(*e); err != nil {
			t.Errorf("the entry no longer saves: %v", err)
		}
		if _, err := updateMeeting(q, *pl); err != nil {
			t.Errorf("the agenda no longer saves: %v", err)
		}
		p = q
	}
	// Restoring the goal brings back its plan, deleted with it.
	if err := p.RestoreVersion(f.goal.ID, 0); err != nil {
		t.Fatal(err)
	}
	for _, id := range []ID{f.a1.ID, f.a2.ID} {
		if _, ok := actionOf(p, id); !ok || p.InTrash(id) {
			t.Errorf("action %s did not come back with its goal", id)
		}
	}
	if g, ok := goalOf(p, f.goal.ID); !ok || g.Title != f.goal.Title {
		t.Errorf("the goal came back as %+v, %v", g, ok)
	}
}

func TestDeleteRelationshipTakesMeetingsAndRatings(t *testing.T) {
	p, c := newTestPortfolio(t)
	f := newDeletionFixture(t, p)
	d, err := p.Delete(f.rel.ID, KindRelationship)
	if err != nil {
		t.Fatal(err)
	}
	if d.Deleted[KindMeeting] != 2 || d.Deleted[KindRating] != 1 || d.Others() != "2 meetings, 1 rating" {
		t.Errorf("deleted %v (%q)", d.Deleted, d.Others())
	}
	q := reopen(t, p, c)
	if _, ok := relationshipOf(q, f.rel.ID); ok {
		t.Error("the relationship is still there")
	}
	if len(meetingsOf(q, "")) != 0 || len(ratingsOf(q, RatingSkills, "")) != 0 {
		t.Error("its meetings or ratings are still there")
	}
	a, ok := actionOf(q, f.a2.ID)
	if !ok || a.MeetingID == "" || !q.InTrash(a.MeetingID) {
		t.Errorf("the agreed action should stay, linking its meeting in the trash: %+v, %v", a, ok)
	}
	if err := q.RestoreVersion(f.rel.ID, 0); err != nil {
		t.Fatal(err)
	}
	if len(meetingsOf(q, "")) != 2 || len(ratingsOf(q, RatingSkills, "")) != 1 {
		t.Errorf("restoring the relationship brought back %d meetings and %d ratings", len(meetingsOf(q, "")), len(ratingsOf(q, RatingSkills, "")))
	}
}

func TestDeleteEachKindAndResolveRecord(t *testing.T) {
	p, c := newTestPortfolio(t)
	f := newDeletionFixture(t, p)
	for _, r := range []struct {
		id   ID
		kind Kind
	}{{f.entry.ID, KindEntry}, {f.a2.ID, KindAction}, {f.held.ID, KindMeeting}, {f.rating.ID, KindRating}} {
		id, kind, err := p.ResolveRecord(string(r.id[:6]))
		if err != nil || id != r.id || kind != r.kind {
			t.Errorf("ResolveRecord(%s) = %s %s %v", r.id[:6], id, kind, err)
		}
		if _, err := p.Delete(r.id, r.kind); err != nil {
			t.Errorf("delete %s: %v", r.kind, err)
		}
		if _, err := p.Delete(r.id, r.kind); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleting the %s twice: %v", r.kind, err)
		}
	}
	q := reopen(t, p, c)
	if _, ok := q.Entry(f.entry.ID); ok {
		t.Error("the entry is still there")
	}
	a, _ := actionOf(q, f.a1.ID)
	if a.ReflectionID != "" {
		t.Errorf("the action still links its deleted reflection")
	}
	if _, _, err := q.ResolveRecord(string(f.rating.ID)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted rating still resolves: %v", err)
	}
}
