package mentorship_test

import (
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// Clearing the "to discuss" flag of an entry opened from the catalogue (its body
// not yet read) must save the whole entry, not the catalogue's metadata alone.
func TestClearDiscussKeepsLazyBody(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "flagged", Body: "the body", Functions: portfolio.Functions(portfolio.Formative), Discuss: true,
		Sections: []portfolio.Section{{Heading: "What", Body: "a section"}}})
	p = testvault.Reopen(t, p, c)
	if n, err := mentorship.ClearDiscuss(p, []portfolio.ID{e.ID}); err != nil || n != 1 {
		t.Fatalf("ClearDiscuss = %d, %v", n, err)
	}
	p = testvault.Reopen(t, p, c)
	got, ok := p.Entry(e.ID)
	if !ok || got.Discuss || got.Body != "the body" || len(got.Sections) != 1 || got.Sections[0].Body != "a section" {
		t.Fatalf("entry after ClearDiscuss: %+v, %v", got, ok)
	}
}
