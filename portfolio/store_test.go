package portfolio

import (
	"errors"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/storage"
)

// A change made through the store API is all or nothing: if the function fails
// after a Put, neither the vault nor the records in memory have it; once one
// commits, memory, the vault and history agree, and a Delete is undone like any.
func TestStoreUpdateIsAllOrNothing(t *testing.T) {
	p, c := newTestPortfolio(t)
	rel, err := addRelationship(p, Relationship{Role: RoleMentee, Person: "Dr A"})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err = p.Update(func(tx *Tx) error {
		r := *rel
		r.Person = "Dr B"
		if err := Put(tx, &r); err != nil {
			return err
		}
		m := Meeting{ID: tx.NewID(), RelationshipID: rel.ID, Date: testToday, Held: true, Format: FormatOneToOne}
		if err := Put(tx, &m); err != nil {
			return err
		}
		if got, _ := Get[Relationship](tx, rel.ID); got.Person != "Dr A" {
			t.Errorf("inside the transaction Get sees %q, not the record as it began", got.Person)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want the function's error", err)
	}
	if r, _ := relationshipOf(p, rel.ID); r.Person != "Dr A" || len(meetingsOf(p, "")) != 0 {
		t.Fatalf("a failed Update changed memory: %q, %d meetings", r.Person, len(meetingsOf(p, "")))
	}
	q := reopen(t, p, c)
	if r, _ := relationshipOf(q, rel.ID); r.Person != "Dr A" || len(meetingsOf(q, "")) != 0 {
		t.Fatalf("a failed Update reached the vault: %q, %d meetings", r.Person, len(meetingsOf(q, "")))
	}

	if err := q.Update(func(tx *Tx) error { return Delete[Relationship](tx, rel.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, ok := relationshipOf(q, rel.ID); ok {
		t.Fatal("a committed Delete left the relationship in memory")
	}
	if vs, bad, err := q.StoredHistory().Versions(kinds.CollRelationships, mustSID(t, rel.ID)); err != nil || len(bad) != 0 || len(vs) != 2 {
		t.Fatalf("history after the delete: %d versions (%v), want the record and its deletion", len(vs), err)
	}
	q = reopen(t, q, c)
	if _, ok := relationshipOf(q, rel.ID); ok {
		t.Fatal("the deleted relationship came back on reopening")
	}
}

// A View reads but never writes.
func TestStoreViewRefusesWrites(t *testing.T) {
	p, _ := newTestPortfolio(t)
	err := p.View(func(tx *Tx) error {
		r := Relationship{ID: tx.NewID(), Role: RoleMentee, Person: "Dr A"}
		return Put(tx, &r)
	})
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Put inside View = %v, want ErrReadOnly", err)
	}
	if err := p.View(func(tx *Tx) error { return Delete[Meeting](tx, tx.NewID()) }); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Delete inside View = %v, want ErrReadOnly", err)
	}
	if err := p.View(func(tx *Tx) error { _, err := tx.Vault(); return err }); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Vault inside View = %v, want ErrReadOnly", err)
	}
}

// mustSID is id as the vault names it.
func mustSID(t *testing.T, id ID) storage.ID {
	t.Helper()
	sid, err := storageID(id)
	if err != nil {
		t.Fatal(err)
	}
	return sid
}
