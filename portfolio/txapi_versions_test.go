package portfolio

import "testing"

// What a restore brings back is the table's: a goal's actions go with it but stand
// alone, a meeting and a rating cannot be without their relationship.
func TestKindRowOwners(t *testing.T) {
	for _, c := range []struct {
		kind  Kind
		rec   any
		owner ID
		of    Kind
		needs bool
	}{
		{KindAction, &Action{GoalID: "g"}, "g", KindGoal, false},
		{KindMeeting, &Meeting{RelationshipID: "r"}, "r", KindRelationship, true},
		{KindRating, &Rating{RelationshipID: "s"}, "s", KindRelationship, true},
		{KindEntry, &Entry{}, "", "", false},
		{KindGoal, &Goal{}, "", "", false},
	} {
		row, ok := KindOf(c.kind)
		if !ok {
			t.Fatalf("no row for %s", c.kind)
		}
		if got := row.Owner(c.rec); got != c.owner || row.OwnerKind() != c.of || row.NeedsOwner() != c.needs {
			t.Errorf("%s: owner %q of kind %q, needed %v; want %q, %q, %v", c.kind, got, row.OwnerKind(), row.NeedsOwner(), c.owner, c.of, c.needs)
		}
	}
}

// A questionnaire is kept in the vault alone, so its kind comes from the vault; a
// record kept in memory is not named by VaultOnlyKind.
func TestVaultOnlyKind(t *testing.T) {
	p, _ := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "in memory", Functions: Functions(Normative)})
	ev := Evaluation{Stage: "start", Role: "mentee", Answers: []Answer{{Item: "comments", Text: "Keen."}}}
	err := p.Update(func(tx *Tx) error {
		ev.ID, ev.Created = tx.NewID(), tx.Now()
		return PutStored(tx, &ev)
	})
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := p.VaultOnlyKind(ev.ID); !ok || k != KindEvaluation {
		t.Errorf("the questionnaire's kind: %q %v", k, ok)
	}
	if k, ok := p.VaultOnlyKind(e.ID); ok {
		t.Errorf("an entry named as kept in the vault alone: %q", k)
	}
	if _, ok := p.VaultOnlyKind("not an id"); ok {
		t.Error("a malformed ID named a record")
	}
}
