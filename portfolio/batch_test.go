package portfolio

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
)

func TestAddEntries(t *testing.T) {
	p, c := newTestPortfolio(t)
	existing := mustAddEntry(t, p, Entry{Title: "Already here", Functions: Functions(Normative), Date: calendar.MakeDate(2025, 1, 1)})
	written := time.Date(2010, 5, 6, 7, 8, 9, 0, time.UTC)
	in := []Entry{
		{Title: " Imported one ", Body: "a\r\nb", Functions: Functions(Formative), Tags: []string{"#X", "x"}, Date: calendar.MakeDate(2010, 5, 6), Created: written},
		{Title: "Imported two", Functions: Functions(Restorative), Date: calendar.MakeDate(2026, 2, 1)},
		{Title: "Imported three", Functions: Functions(Normative), Date: calendar.MakeDate(1999, 9, 9), ID: "ignored-id"},
	}
	got, err := p.AddEntries(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d entries returned", len(got))
	}
	ids := map[ID]bool{existing.ID: true}
	for _, e := range got {
		if len(e.ID) != 16 || ids[e.ID] {
			t.Errorf("entry %q has ID %q, not a fresh one", e.Title, e.ID)
		}
		ids[e.ID] = true
	}
	if got[0].Title != "Imported one" || got[0].Body != "a\nb" || !slices.Equal(got[0].Tags, []string{"X"}) {
		t.Errorf("batch entries are not normalised like AddEntry's: %+v", got[0])
	}
	if !got[0].Created.Equal(written) || !got[0].Updated.Equal(written) {
		t.Errorf("an import's Created %v / Updated %v, want %v kept", got[0].Created, got[0].Updated, written)
	}
	if !got[1].Created.Equal(testNow) {
		t.Errorf("Created %v, want now", got[1].Created)
	}
	if in[0].Title != " Imported one " || in[2].ID != "ignored-id" {
		t.Error("AddEntries changed the caller's entries")
	}
	wantOrder := []string{"Imported two", "Already here", "Imported one", "Imported three"}
	if order := titles(p.Find(Query{})); !slices.Equal(order, wantOrder) {
		t.Errorf("order %q, want %q", order, wantOrder)
	}
	if found := p.Find(Query{Text: "three"}); len(found) != 1 || found[0].ID != got[2].ID {
		t.Errorf("batch entries not indexed: %q", titles(found))
	}
	p = reopen(t, p, c)
	if order := titles(p.Find(Query{})); !slices.Equal(order, wantOrder) {
		t.Errorf("after reopen: %q, want %q", order, wantOrder)
	}
	if e, ok := p.Entry(got[0].ID); !ok || !e.Created.Equal(written) {
		t.Errorf("after reopen: %+v", e)
	}
	if none, err := p.AddEntries(nil); none != nil || err != nil {
		t.Errorf("AddEntries(nil) = %v, %v", none, err)
	}
}

// TestAddEntriesAllOrNothing checks one bad entry anywhere in a batch saves nothing.
func TestAddEntriesAllOrNothing(t *testing.T) {
	p, c := newTestPortfolio(t)
	good := func(title string) Entry { return Entry{Title: title, Functions: Functions(Normative)} }
	tests := []struct {
		name string
		bad  Entry
		want error
	}{
		{"no function", Entry{Title: "x"}, ErrInvalid},
		{"invalid UTF-8", Entry{Title: "x", Body: "\xff", Functions: Functions(Normative)}, ErrInvalid},
		{"future date", Entry{Title: "x", Functions: Functions(Normative), Date: testToday + 30}, ErrInvalidDate},
		{"missing goal", Entry{Title: "x", Functions: Functions(Normative), GoalIDs: []ID{"0000000000000000"}}, ErrNotFound},
	}
	for _, tt := range tests {
		batch := []Entry{good("one"), good("two"), tt.bad, good("four")}
		got, err := p.AddEntries(batch)
		if !errors.Is(err, tt.want) || got != nil {
			t.Errorf("%s: AddEntries = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), "entry 3 of 4") {
			t.Errorf("%s: error %q does not say which entry", tt.name, err)
		}
	}
	if n := p.EntryCount(); n != 0 {
		t.Fatalf("%d entries saved from rejected batches", n)
	}
	p = reopen(t, p, c)
	if n := p.EntryCount(); n != 0 {
		t.Fatalf("%d entries on disk from rejected batches", n)
	}
}
