package portfolio

import (
	"errors"
	"testing"
)

func TestReopenRelationship(t *testing.T) {
	p, _ := newTestPortfolio(t)
	r, err := p.AddRelationship(Relationship{Role: RoleMentee, Person: "Dr Adebayo", Start: p.Today(), LengthMonths: 6, IntervalDays: 28})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReopenRelationship(r.ID); err == nil {
		t.Fatal("an active relationship was reopened")
	}
	c := *r
	c.Status, c.EndReason, c.EndedOn = RelEnded, "moved post", p.Today()
	if _, err := p.UpdateRelationship(c); err != nil {
		t.Fatal(err)
	}
	got, err := p.ReopenRelationship(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != RelActive || got.EndReason != "" || !got.EndedOn.IsZero() {
		t.Fatalf("reopened: %+v", got)
	}
	vs, err := p.History(r.ID)
	if err != nil || len(vs) != 3 || vs[1].Record.(*Relationship).Status != RelEnded {
		t.Fatalf("history: %d versions (%v)", len(vs), err)
	}
	if _, err := p.ReopenRelationship("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}
