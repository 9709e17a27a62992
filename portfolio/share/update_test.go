package portfolio

// A received document's title and relationship change and persist; its body, file
// name and time of receipt stay as they were sent; bad changes keep nothing.
func TestUpdateReceived(t *testing.T) {
	p, c := newTestPortfolio(t)
	rel, err := addRelationship(p, Relationship{Role: RoleMentor, Person: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := addReceived(p, Received{RelationshipID: rel.ID, Title: "Agenda", Body: "# Agenda\n\n1. Rota\n", FileName: "agenda.age"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ch      ReceivedChange
		title   string
		rel     ID
		badWith error
	}{
		{"title", ReceivedChange{Title: ptr("  Agenda, March  ")}, "Agenda, March", rel.ID, nil},
		{"detach", ReceivedChange{RelationshipID: ptr(ID(""))}, "Agenda, March", "", nil},
		{"attach", ReceivedChange{RelationshipID: ptr(rel.ID)}, "Agenda, March", rel.ID, nil},
		{"control characters", ReceivedChange{Title: ptr("Bad \x1b[31mred")}, "", "", ErrInvalid},
		{"empty title", ReceivedChange{Title: ptr("   ")}, "", "", ErrInvalid},
		{"no such relationship", ReceivedChange{RelationshipID: ptr(ID("zzzzzzzzzzzzzzzz"))}, "", "", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := *receivedDocuments(p, "")[0]
			got, err := p.UpdateReceived(doc.ID, tt.ch)
			if tt.badWith != nil {
				if !errors.Is(err, tt.badWith) {
					t.Fatalf("err = %v, want %v", err, tt.badWith)
				}
				if after := receivedDocuments(p, "")[0]; after.Title != before.Title || after.RelationshipID != before.RelationshipID {
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
	q := reopen(t, p, c)
	got := receivedDocuments(q, "")
	if len(got) != 1 || got[0].Title != "Agenda, March" || got[0].RelationshipID != rel.ID || got[0].Body != doc.Body {
		t.Errorf("after reopening: %+v", got)
	}
	if _, err := q.UpdateReceived("nnnnnnnnnnnnnnnn", ReceivedChange{Title: ptr("x")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown ID: %v", err)
	}
}

