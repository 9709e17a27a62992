package mentorship_test

// Clearing the "to discuss" flag of an entry opened from the catalogue (its body
// not yet read) must save the whole entry, not the catalogue's metadata alone.
func TestClearDiscussKeepsLazyBody(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "flagged", Body: "the body", Functions: Functions(Formative), Discuss: true,
		Sections: []Section{{Heading: "What", Body: "a section"}}})
	p = reopen(t, p, c)
	if n, err := p.ClearDiscuss([]ID{e.ID}); err != nil || n != 1 {
		t.Fatalf("ClearDiscuss = %d, %v", n, err)
	}
	p = reopen(t, p, c)
	got, ok := p.Entry(e.ID)
	if !ok || got.Discuss || got.Body != "the body" || len(got.Sections) != 1 || got.Sections[0].Body != "a section" {
		t.Fatalf("entry after ClearDiscuss: %+v, %v", got, ok)
	}
}
