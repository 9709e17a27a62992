package history_test

// TestLazyBodiesSurviveRewrites: records rewritten after an open from the catalogue
// (here by restoring the goal it links) keep their bodies (a copy of the catalogue's
// metadata alone would lose them), and deletions leave their links.
func TestLazyBodiesSurviveRewrites(t *testing.T) {
	p, c := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "goal"})
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "do"})
	e := mustAddEntry(t, p, Entry{Title: "linked", Body: "the body", Functions: Functions(Formative), ActionIDs: []ID{a.ID}, GoalIDs: []ID{g.ID}})
	p = reopen(t, p, c)
	if err := deleteAction(p, a.ID); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	if err := deleteRecord(p, g.ID, KindGoal); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	got, ok := p.Entry(e.ID)
	if !ok || got.Body != "the body" || len(got.ActionIDs) != 1 || len(got.GoalIDs) != 1 {
		t.Fatalf("entry after deletions of what it links: %+v, %v", got, ok)
	}
	if err := p.RestoreVersion(g.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpdateEntry(*got); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	if got, ok := p.Entry(e.ID); !ok || got.Body != "the body" {
		t.Fatalf("entry after a rewrite: %+v, %v", got, ok)
	}
}
