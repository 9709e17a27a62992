package portfolio

// TestFormativeCycle walks the path the design puts first: a learning need becomes a
// goal with an action plan, each step done is reflected on, and the goal comes up for
// review once every step is done.
func TestFormativeCycle(t *testing.T) {
	p, c := newTestPortfolio(t)
	goal := mustAddGoal(t, p, Goal{Title: "Counsel on anticoagulants", Target: calendar.MakeDate(2026, 12, 31)})
	var steps []*Action
	for i, what := range []string{"Read the NICE guidance", "Shadow the clinic", "Counsel three patients"} {
		steps = append(steps, mustAddAction(t, p, Action{GoalID: goal.ID, What: what, Due: testToday.AddDays(7 * (i + 1))}))
	}
	if done, total := p.Progress(goal.ID); done != 0 || total != 3 {
		t.Fatalf("Progress = %d/%d, want 0/3", done, total)
	}
	if p.ReadyForReview(goal.ID) {
		t.Fatal("ReadyForReview before any step is done")
	}
	if got := p.Actions(goal.ID); !slices.Equal(actionWhats(got), actionWhats(steps)) {
		t.Errorf("Actions = %q, want by due date %q", actionWhats(got), actionWhats(steps))
	}

	c.advance(24 * time.Hour)
	a, e, err := p.CompleteAction(steps[0].ID, &Entry{
		Body:      "The guidance was clearer than I expected.",
		Functions: Functions(Normative),
		Tags:      []string{"anticoagulants"},
	})
	if err != nil {
		t.Fatalf("CompleteAction: %v", err)
	}
	if a.Status != ActionDone || a.DoneOn != testToday+1 || a.ReflectionID != e.ID {
		t.Errorf("completed action: status %v, done on %v, reflection %q (entry %q)", a.Status, a.DoneOn, a.ReflectionID, e.ID)
	}
	if e.Functions != Functions(Normative|Formative) {
		t.Errorf("reflection functions = %v, want normative and formative", e.Functions.Names())
	}
	if e.Title != "Reflection: Read the NICE guidance" {
		t.Errorf("reflection title = %q", e.Title)
	}
	if !slices.Equal(e.ActionIDs, []ID{a.ID}) || !slices.Equal(e.GoalIDs, []ID{goal.ID}) {
		t.Errorf("reflection links: actions %v goals %v", e.ActionIDs, e.GoalIDs)
	}
	if got := p.Find(Query{ActionID: a.ID}); len(got) != 1 || got[0].ID != e.ID {
		t.Errorf("Find by action = %q", titles(got))
	}
	if done, total := p.Progress(goal.ID); done != 1 || total != 3 || p.ReadyForReview(goal.ID) {
		t.Errorf("after one step: %d/%d, ready %v", done, total, p.ReadyForReview(goal.ID))
	}

	// A step can be done without a reflection, and reflected on later.
	if _, e2, err := p.CompleteAction(steps[1].ID, nil); err != nil || e2 != nil {
		t.Fatalf("CompleteAction without reflection: %v, %v", e2, err)
	}
	later := mustAddEntry(t, p, Entry{Title: "Clinic, a week on", Functions: Functions(Formative)})
	if a, err := p.LinkReflection(steps[1].ID, later.ID); err != nil || a.ReflectionID != later.ID {
		t.Fatalf("LinkReflection: %+v, %v", a, err)
	}
	if p.ReadyForReview(goal.ID) {
		t.Error("ReadyForReview with a step left")
	}
	if _, _, err := p.CompleteAction(steps[2].ID, &Entry{Title: "Three patients counselled", Body: "All went well.", Functions: Functions(Formative)}); err != nil {
		t.Fatal(err)
	}
	if done, total := p.Progress(goal.ID); done != 3 || total != 3 || !p.ReadyForReview(goal.ID) {
		t.Errorf("after all steps: %d/%d, ready %v", done, total, p.ReadyForReview(goal.ID))
	}
	if got := p.Find(Query{GoalID: goal.ID}); len(got) != 2 {
		t.Errorf("entries linked to the goal: %q, want the two reflections", titles(got))
	}

	reviewed, err := p.SetGoalStatus(goal.ID, GoalAchieved, "Confident now.")
	if err != nil || reviewed.Status != GoalAchieved || reviewed.Review != "Confident now." {
		t.Fatalf("SetGoalStatus: %+v, %v", reviewed, err)
	}
	if p.ReadyForReview(goal.ID) {
		t.Error("an achieved goal is still ready for review")
	}

	// All of it survives closing and opening again.
	p = reopen(t, p, c)
	if g, ok := p.Goal(goal.ID); !ok || g.Status != GoalAchieved || g.Review != "Confident now." {
		t.Errorf("goal after reopen: %+v, %v", g, ok)
	}
	if done, total := p.Progress(goal.ID); done != 3 || total != 3 {
		t.Errorf("progress after reopen: %d/%d", done, total)
	}
	if a, ok := p.Action(steps[0].ID); !ok || a.ReflectionID != e.ID || a.DoneOn != testToday+1 {
		t.Errorf("action after reopen: %+v", a)
	}
	if got, ok := p.Entry(e.ID); !ok || got.Functions != Functions(Normative|Formative) || !slices.Equal(got.ActionIDs, []ID{steps[0].ID}) {
		t.Errorf("reflection after reopen: %+v", got)
	}
}

func actionWhats(as []*Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.What
	}
	return out
}

// TestCompleteActionAllOrNothing checks a reflection that fails validation leaves the
// action as it was: the cycle is never half-recorded.
func TestCompleteActionAllOrNothing(t *testing.T) {
	p, c := newTestPortfolio(t)
	a := mustAddAction(t, p, Action{What: "Step"})
	if _, _, err := p.CompleteAction(a.ID, &Entry{Body: "bad \xff text"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("CompleteAction with invalid text: %v", err)
	}
	if got, _ := p.Action(a.ID); got.Status != ActionTodo || got.ReflectionID != "" {
		t.Errorf("action changed by a failed completion: %+v", got)
	}
	if p.EntryCount() != 0 {
		t.Error("an entry was saved by a failed completion")
	}
	p = reopen(t, p, c)
	if got, _ := p.Action(a.ID); got.Status != ActionTodo {
		t.Errorf("action on disk changed by a failed completion: %+v", got)
	}
	if _, _, err := p.CompleteAction("0000000000000000", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("CompleteAction of a missing action: %v", err)
	}
}

// TestCompleteActionLongName checks the title made from a long action still fits.
func TestCompleteActionLongName(t *testing.T) {
	p, _ := newTestPortfolio(t)
	what := strings.Repeat("é", MaxTitleRunes)
	a := mustAddAction(t, p, Action{What: what})
	_, e, err := p.CompleteAction(a.ID, &Entry{Body: "Done."})
	if err != nil {
		t.Fatalf("CompleteAction of a %d-character action: %v", MaxTitleRunes, err)
	}
	if n := len([]rune(e.Title)); n > MaxTitleRunes || !strings.HasPrefix(e.Title, "Reflection: éé") {
		t.Errorf("title %q has %d characters", e.Title, n)
	}
}
func TestGoalsDueActionsAndTags(t *testing.T) {
	p, c := newTestPortfolio(t)
	undated := mustAddGoal(t, p, Goal{Title: "Undated"})
	late := mustAddGoal(t, p, Goal{Title: "Late", Target: calendar.MakeDate(2027, 1, 1)})
	soon := mustAddGoal(t, p, Goal{Title: "Soon", Target: calendar.MakeDate(2026, 5, 1)})
	c.advance(time.Hour)
	dropped := mustAddGoal(t, p, Goal{Title: "Dropped", Status: GoalDropped})
	if got := goalTitles(p.Goals(GoalOpen)); !slices.Equal(got, []string{soon.Title, late.Title, undated.Title}) {
		t.Errorf("open goals = %q", got)
	}
	if got := goalTitles(p.Goals(0)); !slices.Equal(got, []string{soon.Title, late.Title, undated.Title, dropped.Title}) {
		t.Errorf("all goals = %q", got)
	}

	overdue := mustAddAction(t, p, Action{What: "Overdue", Due: testToday - 3})
	dueSoon := mustAddAction(t, p, Action{What: "Due soon", Due: testToday + 5})
	mustAddAction(t, p, Action{What: "Due later", Due: testToday + 30})
	mustAddAction(t, p, Action{What: "Done", Due: testToday - 10, Status: ActionDone})
	mustAddAction(t, p, Action{What: "No date"})
	if got := actionWhats(p.DueActions(7)); !slices.Equal(got, []string{overdue.What, dueSoon.What}) {
		t.Errorf("DueActions(7) = %q", got)
	}
	if !overdue.Overdue(testToday) || dueSoon.Overdue(testToday) {
		t.Error("Overdue is wrong")
	}

	for _, tags := range [][]string{{"Audit", "cpd"}, {"audit"}, {"wellbeing", "CPD"}} {
		c.advance(time.Minute)
		mustAddEntry(t, p, Entry{Title: "t", Functions: Functions(Normative), Tags: tags})
	}
	// A tag spelt two ways is shown as the newest entry spells it.
	got := p.Tags()
	want := []TagCount{{"audit", 2}, {"CPD", 2}, {"wellbeing", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Tags = %v, want %v", got, want)
	}
}

func goalTitles(gs []*Goal) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Title
	}
	return out
}
