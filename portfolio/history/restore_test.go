package history_test

import (
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// TestLazyBodiesSurviveRewrites: records rewritten after an open from the catalogue
// (here by restoring the goal it links) keep their bodies (a copy of the catalogue's
// metadata alone would lose them), and deletions leave their links.
func TestLazyBodiesSurviveRewrites(t *testing.T) {
	p, c := testvault.New(t)
	g := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "goal"})
	a := testvault.MustAddAction(t, p, portfolio.Action{GoalID: g.ID, What: "do"})
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "linked", Body: "the body", Functions: portfolio.Functions(portfolio.Formative), ActionIDs: []portfolio.ID{a.ID}, GoalIDs: []portfolio.ID{g.ID}})
	p = testvault.Reopen(t, p, c)
	if err := p.Update(func(tx *portfolio.Tx) error { return portfolio.Delete[portfolio.Action](tx, a.ID) }); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	if _, err := history.Delete(p, g.ID, portfolio.KindGoal); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	got, ok := p.Entry(e.ID)
	if !ok || got.Body != "the body" || len(got.ActionIDs) != 1 || len(got.GoalIDs) != 1 {
		t.Fatalf("entry after deletions of what it links: %+v, %v", got, ok)
	}
	if _, err := history.Restore(p, g.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpdateEntry(*got); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	if got, ok := p.Entry(e.ID); !ok || got.Body != "the body" {
		t.Fatalf("entry after a rewrite: %+v, %v", got, ok)
	}
}
