package mentorship

import (
	"errors"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestReopenRelationship(t *testing.T) {
	p, _ := testvault.New(t)
	r, err := AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Adebayo", Start: p.Today(), LengthMonths: 6, IntervalDays: 28})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReopenRelationship(p, r.ID); err == nil {
		t.Fatal("an active relationship was reopened")
	}
	c := *r
	c.Status, c.EndReason, c.EndedOn = portfolio.RelEnded, "moved post", p.Today()
	if _, err := UpdateRelationship(p, c); err != nil {
		t.Fatal(err)
	}
	got, err := ReopenRelationship(p, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != portfolio.RelActive || got.EndReason != "" || !got.EndedOn.IsZero() {
		t.Fatalf("reopened: %+v", got)
	}
	vs, err := history.History(p, r.ID)
	if err != nil || len(vs) != 3 || vs[1].Record.(*portfolio.Relationship).Status != portfolio.RelEnded {
		t.Fatalf("history: %d versions (%v)", len(vs), err)
	}
	if _, err := ReopenRelationship(p, "nope"); !errors.Is(err, portfolio.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}
