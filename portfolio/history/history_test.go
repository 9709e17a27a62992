package history_test

import (
	"errors"
	"testing"

	"filippo.io/age"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/evaluation"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/share"
)

func newRecipient(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.Recipient().String()
}

func TestUndoLogDescribesSteps(t *testing.T) {
	p, _ := testvault.New(t)
	if _, err := history.Undo(p); !errors.Is(err, history.ErrNothingToUndo) {
		t.Fatalf("undo in a new session: %v", err)
	}
	g, _ := goals.Add(p, portfolio.Goal{Title: "Audit"})
	if _, err := history.Delete(p, g.ID, portfolio.KindGoal); err != nil {
		t.Fatal(err)
	}
	log := history.UndoLog(p)
	if len(log) != 2 || log[1].Describe() != "deleted goal "+string(g.ID) || log[0].Describe() != "saved goal "+string(g.ID) {
		t.Fatalf("log %+v", log)
	}
	step, err := history.Undo(p)
	if err != nil || step.Describe() != log[1].Describe() {
		t.Fatalf("undo: %+v %v", step, err)
	}
	if got, ok := goals.Get(p, g.ID); !ok || got.Title != "Audit" {
		t.Errorf("undoing the deletion left %+v %v", got, ok)
	}
	if len(history.UndoLog(p)) != 1 {
		t.Errorf("the undone step stayed in the log")
	}
}

func TestPurgeHistoryAndEmptyTrash(t *testing.T) {
	p, c := testvault.New(t)
	e, _ := p.AddEntry(portfolio.Entry{Title: "one", Functions: portfolio.Functions(portfolio.Normative)})
	for _, title := range []string{"two", "three"} {
		c := *e
		c.Title = title
		e, _ = p.UpdateEntry(c)
	}
	n, err := history.PurgeHistory(p, e.ID)
	if err != nil || n != 2 {
		t.Fatalf("purged %d %v", n, err)
	}
	vs, _ := history.History(p, e.ID)
	if len(vs) != 1 || vs[0].Title != "three" {
		t.Errorf("after purge %+v", vs)
	}
	if err := p.DeleteEntry(e.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := history.EmptyTrash(p); err != nil || n != 1 {
		t.Fatalf("emptied %d %v", n, err)
	}
	if _, err := history.History(p, e.ID); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("history of an emptied record: %v", err)
	}
	c.Advance(0)
	if _, err := history.PurgeOlderThan(p, 0); err == nil {
		t.Error("a retention of 0 days was accepted")
	}
}

func TestTrashListsContactsAndEvaluations(t *testing.T) {
	p, _ := testvault.New(t)
	ev, err := evaluation.Add(p, portfolio.Evaluation{Stage: "start", Role: "mentee", Answers: []portfolio.Answer{{Item: "comments", Text: "Keen."}}})
	if err != nil {
		t.Fatal(err)
	}
	if vs, err := history.History(p, ev.ID); err != nil || len(vs) != 1 || vs[0].Record.(*portfolio.Evaluation).Answers[0].Text != "Keen." {
		t.Fatalf("history of a live questionnaire: %+v %v", vs, err)
	}
	// A questionnaire is never deleted by hand; undoing its save moves it to the trash.
	if _, err := history.Undo(p); err != nil {
		t.Fatal(err)
	}
	sam, err := share.AddContact(p, portfolio.Contact{Name: "Sam", Recipient: newRecipient(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := share.DeleteContact(p, "sam"); err != nil {
		t.Fatal(err)
	}
	trash, err := history.Trash(p)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[portfolio.Kind]history.TrashItem{}
	for _, it := range trash {
		kinds[it.Kind] = it
	}
	if len(trash) != 2 || kinds[portfolio.KindContact].ID != sam.ID || kinds[portfolio.KindContact].Title != "Sam" ||
		kinds[portfolio.KindEvaluation].ID != ev.ID || kinds[portfolio.KindEvaluation].Title == "" {
		t.Fatalf("trash %+v", trash)
	}
	for _, id := range []portfolio.ID{sam.ID, ev.ID} {
		if !p.InTrash(id) {
			t.Errorf("%s is not in the trash", id)
		}
		if _, err := history.Restore(p, id, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := share.Contact(p, "Sam"); !ok {
		t.Error("the restored contact is not back")
	}
	if evs, _, _ := evaluation.List(p); len(evs) != 1 || evs[0].ID != ev.ID {
		t.Errorf("the restored questionnaire is not back: %+v", evs)
	}
	if trash, _ := history.Trash(p); len(trash) != 0 {
		t.Errorf("trash after restoring %+v", trash)
	}
}
