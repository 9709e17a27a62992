package portfolio

import (
	"errors"
	"fmt"
	"testing"
)

// deleteRecord deletes as history.Delete does, through the trash calls: the record
// and what it owns, in one transaction. The core's own tests delete with it, as they
// cannot import the history package.
func deleteRecord(p *Portfolio, id ID, kind Kind) error {
	return p.Update(func(tx *Tx) error {
		if _, ok := tx.Title(kind, id); !ok {
			return fmt.Errorf("%w: no %s %s", ErrNotFound, kind, id)
		}
		gone := map[ID]Kind{id: kind}
		tx.Owned(kind, id, func(o ID, k Kind) { gone[o] = k })
		for id, k := range gone {
			if err := tx.Trash(k, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// The trash calls name a live record, find what it owns by the table of kinds, and
// move it to the trash only once the transaction commits; a View cannot.
func TestTrashCalls(t *testing.T) {
	p, c := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "Confident with DOAC dosing"})
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "Read the guideline"})
	err := p.View(func(tx *Tx) error {
		if title, ok := tx.Title(KindGoal, g.ID); !ok || title != g.Title {
			t.Errorf("Title = %q, %v", title, ok)
		}
		if _, ok := tx.Title(KindAction, g.ID); ok {
			t.Error("a goal's ID names an action")
		}
		owned := map[ID]Kind{}
		tx.Owned(KindGoal, g.ID, func(id ID, k Kind) { owned[id] = k })
		if len(owned) != 1 || owned[a.ID] != KindAction {
			t.Errorf("the goal owns %v", owned)
		}
		return tx.Trash(KindGoal, g.ID)
	})
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Trash in a View: %v, want ErrReadOnly", err)
	}
	stop := errors.New("stop")
	err = p.Update(func(tx *Tx) error {
		if err := tx.Trash(KindGoal, g.ID); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) || p.InTrash(g.ID) {
		t.Fatalf("a failed transaction trashed the goal: %v", err)
	}
	_ = p.View(func(tx *Tx) error {
		if _, ok := tx.Title(KindGoal, g.ID); !ok {
			t.Error("a failed transaction took the goal out of memory")
		}
		return nil
	})
	if err := deleteRecord(p, g.ID, KindGoal); err != nil {
		t.Fatal(err)
	}
	q := reopen(t, p, c)
	for _, id := range []ID{g.ID, a.ID} {
		if !q.InTrash(id) {
			t.Errorf("%s is not in the trash", id)
		}
		if _, live := q.liveKind(id); live {
			t.Errorf("%s is still live", id)
		}
	}
}
