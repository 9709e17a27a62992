package share

import (
	"errors"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// A received document's title and relationship change and persist; its body, file
// name and time of receipt stay as they were sent; bad changes keep nothing.
func TestUpdateReceived(t *testing.T) {
	p, c := testvault.New(t)
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentor, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := keepReceived(p, portfolio.Received{RelationshipID: rel.ID, Title: "Agenda", Body: "# Agenda\n\n1. Rota\n", FileName: "agenda.age"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ch      ReceivedChange
		title   string
		rel     portfolio.ID
		badWith error
	}{
		{"title", ReceivedChange{Title: ptr("  Agenda, March  ")}, "Agenda, March", rel.ID, nil},
		{"detach", ReceivedChange{RelationshipID: ptr(portfolio.ID(""))}, "Agenda, March", "", nil},
		{"attach", ReceivedChange{RelationshipID: ptr(rel.ID)}, "Agenda, March", rel.ID, nil},
		{"control characters", ReceivedChange{Title: ptr("Bad \x1b[31mred")}, "", "", portfolio.ErrInvalid},
		{"empty title", ReceivedChange{Title: ptr("   ")}, "", "", portfolio.ErrInvalid},
		{"no such relationship", ReceivedChange{RelationshipID: ptr(portfolio.ID("zzzzzzzzzzzzzzzz"))}, "", "", portfolio.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := *ReceivedDocuments(p, "")[0]
			got, err := UpdateReceived(p, doc.ID, tt.ch)
			if tt.badWith != nil {
				if !errors.Is(err, tt.badWith) {
					t.Fatalf("err = %v, want %v", err, tt.badWith)
				}
				if after := ReceivedDocuments(p, "")[0]; after.Title != before.Title || after.RelationshipID != before.RelationshipID {
					t.Errorf("a refused change was kept: %+v", after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tt.title || got.RelationshipID != tt.rel {
				t.Errorf("got title %q rel %q, want %q %q", got.Title, got.RelationshipID, tt.title, tt.rel)
			}
			if got.Body != doc.Body || got.FileName != doc.FileName || !got.ReceivedAt.Equal(doc.ReceivedAt) {
				t.Errorf("what was sent changed: %+v", got)
			}
		})
	}
	q := testvault.Reopen(t, p, c)
	got := ReceivedDocuments(q, "")
	if len(got) != 1 || got[0].Title != "Agenda, March" || got[0].RelationshipID != rel.ID || got[0].Body != doc.Body {
		t.Errorf("after reopening: %+v", got)
	}
	if _, err := UpdateReceived(q, "nnnnnnnnnnnnnnnn", ReceivedChange{Title: ptr("x")}); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("unknown ID: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// keepReceived keeps d as received now, as Receive does once it has decrypted a file.
func keepReceived(p *portfolio.Portfolio, d portfolio.Received) (*portfolio.Received, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		d.ID, d.ReceivedAt = tx.NewID(), tx.Now()
		if err := portfolio.Validate(tx, &d); err != nil {
			return err
		}
		return portfolio.Put(tx, &d)
	})
	return &d, err
}
