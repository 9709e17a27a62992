package goals

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// TestFormativeCycle walks the path the design puts first: a learning need becomes a
// goal with an action plan, each step done is reflected on, and the goal comes up for
// review once every step is done.
func TestFormativeCycle(t *testing.T) {
	p, c := testvault.New(t)
	goal := mustAdd(t, p, portfolio.Goal{Title: "Counsel on anticoagulants", Target: calendar.MakeDate(2026, 12, 31)})
	var steps []*portfolio.Action
	for i, what := range []string{"Read the NICE guidance", "Shadow the clinic", "Counsel three patients"} {
		steps = append(steps, mustAddAction(t, p, portfolio.Action{GoalID: goal.ID, What: what, Due: testvault.Today.AddDays(7 * (i + 1))}))
	}
	if done, total := Progress(p, goal.ID); done != 0 || total != 3 {
		t.Fatalf("Progress = %d/%d, want 0/3", done, total)
	}
	if ReadyForReview(p, goal.ID) {
		t.Fatal("ReadyForReview before any step is done")
	}
	if got := Actions(p, goal.ID); !slices.Equal(actionWhats(got), actionWhats(steps)) {
		t.Errorf("Actions = %q, want by due date %q", actionWhats(got), actionWhats(steps))
	}

	c.Advance(24 * time.Hour)
	a, e, err := CompleteAction(p, steps[0].ID, &portfolio.Entry{
		Body:      "The guidance was clearer than I expected.",
		Functions: portfolio.Functions(portfolio.Normative),
		Tags:      []string{"anticoagulants"},
	})
	if err != nil {
		t.Fatalf("CompleteAction: %v", err)
	}
	if a.Status != portfolio.ActionDone || a.DoneOn != testvault.Today+1 || a.ReflectionID != e.ID {
		t.Errorf("completed action: status %v, done on %v, reflection %q (entry %q)", a.Status, a.DoneOn, a.ReflectionID, e.ID)
	}
	if e.Functions != portfolio.Functions(portfolio.Normative|portfolio.Formative) {
		t.Errorf("reflection functions = %v, want normative and formative", e.Functions.Names())
	}
	if e.Title != "Reflection: Read the NICE guidance" {
		t.Errorf("reflection title = %q", e.Title)
	}
	if !slices.Equal(e.ActionIDs, []portfolio.ID{a.ID}) || !slices.Equal(e.GoalIDs, []portfolio.ID{goal.ID}) {
		t.Errorf("reflection links: actions %v goals %v", e.ActionIDs, e.GoalIDs)
	}
	if got := p.Find(portfolio.Query{ActionID: a.ID}); len(got) != 1 || got[0].ID != e.ID {
		t.Errorf("Find by action = %q", testvault.Titles(got))
	}
	if done, total := Progress(p, goal.ID); done != 1 || total != 3 || ReadyForReview(p, goal.ID) {
		t.Errorf("after one step: %d/%d, ready %v", done, total, ReadyForReview(p, goal.ID))
	}

	// A step can be done without a reflection, and reflected on later.
	if _, e2, err := CompleteAction(p, steps[1].ID, nil); err != nil || e2 != nil {
		t.Fatalf("CompleteAction without reflection: %v, %v", e2, err)
	}
	later := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "Clinic, a week on", Functions: portfolio.Functions(portfolio.Formative)})
	if a, err := LinkReflection(p, steps[1].ID, later.ID); err != nil || a.ReflectionID != later.ID {
		t.Fatalf("LinkReflection: %+v, %v", a, err)
	}
	if ReadyForReview(p, goal.ID) {
		t.Error("ReadyForReview with a step left")
	}
	if _, _, err := CompleteAction(p, steps[2].ID, &portfolio.Entry{Title: "Three patients counselled", Body: "All went well.", Functions: portfolio.Functions(portfolio.Formative)}); err != nil {
		t.Fatal(err)
	}
	if done, total := Progress(p, goal.ID); done != 3 || total != 3 || !ReadyForReview(p, goal.ID) {
		t.Errorf("after all steps: %d/%d, ready %v", done, total, ReadyForReview(p, goal.ID))
	}
	if got := p.Find(portfolio.Query{GoalID: goal.ID}); len(got) != 2 {
		t.Errorf("entries linked to the goal: %q, want the two reflections", testvault.Titles(got))
	}

	reviewed, err := SetStatus(p, goal.ID, portfolio.GoalAchieved, "Confident now.")
	if err != nil || reviewed.Status != portfolio.GoalAchieved || reviewed.Review != "Confident now." {
		t.Fatalf("SetGoalStatus: %+v, %v", reviewed, err)
	}
	if ReadyForReview(p, goal.ID) {
		t.Error("an achieved goal is still ready for review")
	}

	// All of it survives closing and opening again.
	p = testvault.Reopen(t, p, c)
	if g, ok := Get(p, goal.ID); !ok || g.Status != portfolio.GoalAchieved || g.Review != "Confident now." {
		t.Errorf("goal after reopen: %+v, %v", g, ok)
	}
	if done, total := Progress(p, goal.ID); done != 3 || total != 3 {
		t.Errorf("progress after reopen: %d/%d", done, total)
	}
	if a, ok := Action(p, steps[0].ID); !ok || a.ReflectionID != e.ID || a.DoneOn != testvault.Today+1 {
		t.Errorf("action after reopen: %+v", a)
	}
	if got, ok := p.Entry(e.ID); !ok || got.Functions != portfolio.Functions(portfolio.Normative|portfolio.Formative) || !slices.Equal(got.ActionIDs, []portfolio.ID{steps[0].ID}) {
		t.Errorf("reflection after reopen: %+v", got)
	}
}

func actionWhats(as []*portfolio.Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.What
	}
	return out
}

// TestCompleteActionAllOrNothing checks a reflection that fails validation leaves the
// action as it was: the cycle is never half-recorded.
func TestCompleteActionAllOrNothing(t *testing.T) {
	p, c := testvault.New(t)
	a := mustAddAction(t, p, portfolio.Action{What: "Step"})
	if _, _, err := CompleteAction(p, a.ID, &portfolio.Entry{Body: "bad \xff text"}); !errors.Is(err, portfolio.ErrInvalid) {
		t.Fatalf("CompleteAction with invalid text: %v", err)
	}
	if got, _ := Action(p, a.ID); got.Status != portfolio.ActionTodo || got.ReflectionID != "" {
		t.Errorf("action changed by a failed completion: %+v", got)
	}
	if p.EntryCount() != 0 {
		t.Error("an entry was saved by a failed completion")
	}
	p = testvault.Reopen(t, p, c)
	if got, _ := Action(p, a.ID); got.Status != portfolio.ActionTodo {
		t.Errorf("action on disk changed by a failed completion: %+v", got)
	}
	if _, _, err := CompleteAction(p, "0000000000000000", nil); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("CompleteAction of a missing action: %v", err)
	}
}

// TestCompleteActionLongName checks the title made from a long action still fits.
func TestCompleteActionLongName(t *testing.T) {
	p, _ := testvault.New(t)
	what := strings.Repeat("é", validate.MaxTitleRunes)
	a := mustAddAction(t, p, portfolio.Action{What: what})
	_, e, err := CompleteAction(p, a.ID, &portfolio.Entry{Body: "Done."})
	if err != nil {
		t.Fatalf("CompleteAction of a %d-character action: %v", validate.MaxTitleRunes, err)
	}
	if n := len([]rune(e.Title)); n > validate.MaxTitleRunes || !strings.HasPrefix(e.Title, "Reflection: éé") {
		t.Errorf("title %q has %d characters", e.Title, n)
	}
}

func TestGoalsAndDueActions(t *testing.T) {
	p, c := testvault.New(t)
	undated := mustAdd(t, p, portfolio.Goal{Title: "Undated"})
	late := mustAdd(t, p, portfolio.Goal{Title: "Late", Target: calendar.MakeDate(2027, 1, 1)})
	soon := mustAdd(t, p, portfolio.Goal{Title: "Soon", Target: calendar.MakeDate(2026, 5, 1)})
	c.Advance(time.Hour)
	dropped := mustAdd(t, p, portfolio.Goal{Title: "Dropped", Status: portfolio.GoalDropped})
	if got := goalTitles(List(p, portfolio.GoalOpen)); !slices.Equal(got, []string{soon.Title, late.Title, undated.Title}) {
		t.Errorf("open goals = %q", got)
	}
	if got := goalTitles(List(p, 0)); !slices.Equal(got, []string{soon.Title, late.Title, undated.Title, dropped.Title}) {
		t.Errorf("all goals = %q", got)
	}

	overdue := mustAddAction(t, p, portfolio.Action{What: "Overdue", Due: testvault.Today - 3})
	dueSoon := mustAddAction(t, p, portfolio.Action{What: "Due soon", Due: testvault.Today + 5})
	mustAddAction(t, p, portfolio.Action{What: "Due later", Due: testvault.Today + 30})
	mustAddAction(t, p, portfolio.Action{What: "Done", Due: testvault.Today - 10, Status: portfolio.ActionDone})
	mustAddAction(t, p, portfolio.Action{What: "No date"})
	if got := actionWhats(DueActions(p, 7)); !slices.Equal(got, []string{overdue.What, dueSoon.What}) {
		t.Errorf("DueActions(7) = %q", got)
	}
	if !overdue.Overdue(testvault.Today) || dueSoon.Overdue(testvault.Today) {
		t.Error("Overdue is wrong")
	}

}

func goalTitles(gs []*portfolio.Goal) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Title
	}
	return out
}

func mustAdd(t testing.TB, p *portfolio.Portfolio, g portfolio.Goal) *portfolio.Goal {
	t.Helper()
	got, err := Add(p, g)
	if err != nil {
		t.Fatalf("Add(%q): %v", g.Title, err)
	}
	return got
}

func mustAddAction(t testing.TB, p *portfolio.Portfolio, a portfolio.Action) *portfolio.Action {
	t.Helper()
	got, err := AddAction(p, a)
	if err != nil {
		t.Fatalf("AddAction(%q): %v", a.What, err)
	}
	return got
}
